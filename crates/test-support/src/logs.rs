//! Captured log output: everything a `tracing` subscriber writes, kept in memory for a test to
//! search (what is logged, and that no personal data is).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tracing::Level;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Logs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logs").finish_non_exhaustive()
    }
}

/// Log lines written through [`Logs::subscriber`] (or while [`Logs::capture`]'s guard lives).
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    /// A plain-text subscriber writing every event up to `level` here.
    pub fn subscriber(&self, level: Level) -> impl tracing::Subscriber + Send + Sync + 'static {
        let writer = self.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(level)
            .with_writer(move || writer.clone())
            .finish()
    }

    /// Captures what this thread logs at `DEBUG` and above while the guard lives (use
    /// current-thread runtimes).
    pub fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let guard = tracing::subscriber::set_default(logs.subscriber(Level::DEBUG));
        (logs, guard)
    }

    /// Captures what every thread of this test process logs at `DEBUG` and above, from the
    /// first call on: one process-wide subscriber, installed once and shared by every caller.
    ///
    /// Use it where a test's stack logs from threads a scoped [`Logs::capture`] cannot see,
    /// or runs beside other tests in the same binary: with scoped subscribers on several
    /// threads, tracing's per-callsite interest cache can be computed while no capturing
    /// subscriber exists, and the capture then misses events. A global subscriber has no such
    /// race. What the capture holds is also other tests' logs, which must be free of personal
    /// data too.
    ///
    /// # Panics
    /// When another global subscriber was installed in this process first.
    pub fn global() -> Logs {
        static GLOBAL: std::sync::OnceLock<Logs> = std::sync::OnceLock::new();
        GLOBAL
            .get_or_init(|| {
                let logs = Logs::default();
                tracing::subscriber::set_global_default(logs.subscriber(Level::DEBUG))
                    .expect("no other global subscriber in this test process");
                logs
            })
            .clone()
    }

    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.lock()).into_owned()
    }

    /// Waits (up to two seconds) for a line containing every one of `needles`; the line.
    pub async fn wait_for(&self, needles: &[&str]) -> String {
        for _ in 0..100 {
            if let Some(line) = self
                .text()
                .lines()
                .find(|l| needles.iter().all(|n| l.contains(n)))
            {
                return line.to_owned();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("no log line with {needles:?} in:\n{}", self.text());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
