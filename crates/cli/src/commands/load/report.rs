//! The numbers of one load run ([`LoadReport`]) and the peak resident set size of the
//! processes it watched (read from `/proc/<pid>/status`).

use std::time::Duration;

/// The numbers of one run.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Queries answered with 200.
    pub ok: u32,
    /// Queries answered otherwise or failed.
    pub failed: u32,
    /// Answered REST queries in which a called source did not answer (`timed_out`,
    /// `unavailable`, `invalid_response` or `source_error`): counted in `ok` too.
    pub incomplete: u32,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Latencies of the answered queries, sorted. With `--rate`, measured from the moment the
    /// query was due, so time spent waiting for a free worker counts.
    pub latencies: Vec<Duration>,
    /// The peak resident set size (`VmHWM`) of each watched process after the run, in KiB, in
    /// the order of `--watch-pid`; `None` where it could not be read.
    pub peak_rss_kib: Vec<(u32, Option<u64>)>,
}

impl LoadReport {
    /// The `p`-th percentile latency (0–100).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)]
    }

    /// Answered queries per second.
    pub fn throughput(&self) -> f64 {
        f64::from(self.ok) / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The slowest answered query.
    pub fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }

    /// A one-paragraph summary.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "answered {} ({} with a source not answering) / failed {} in {:.2} s: {:.1} queries/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.ok,
            self.incomplete,
            self.failed,
            self.elapsed.as_secs_f64(),
            self.throughput(),
            millis(self.percentile(50.0)),
            millis(self.percentile(90.0)),
            millis(self.percentile(99.0)),
            millis(self.max()),
        );
        for (pid, kib) in &self.peak_rss_kib {
            match kib {
                Some(kib) => text.push_str(&format!("; peak RSS of {pid}: {:.1} MiB", mib(*kib))),
                None => text.push_str(&format!("; peak RSS of {pid}: not readable")),
            }
        }
        text
    }

    /// The report as JSON (`mode` names what was measured: `gateway`, `soap` or `direct`).
    pub fn to_json(&self, mode: &str) -> serde_json::Value {
        let peak_rss: Vec<serde_json::Value> = self
            .peak_rss_kib
            .iter()
            .map(|(pid, kib)| serde_json::json!({ "pid": pid, "mib": kib.map(mib) }))
            .collect();
        serde_json::json!({
            "mode": mode,
            "answered": self.ok,
            "errors": self.failed,
            "incomplete": self.incomplete,
            "elapsed_s": self.elapsed.as_secs_f64(),
            "throughput_per_s": self.throughput(),
            "latency_ms": {
                "p50": millis(self.percentile(50.0)),
                "p90": millis(self.percentile(90.0)),
                "p99": millis(self.percentile(99.0)),
                "max": millis(self.max()),
            },
            "peak_rss": peak_rss,
        })
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The peak resident set size of process `pid` in KiB (`VmHWM` of `/proc/<pid>/status`):
/// the most physical memory it has held at once since it started.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    vm_hwm_kib(&status)
}

/// `VmHWM` in KiB from the text of a `/proc/<pid>/status` file.
pub fn vm_hwm_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|n| n.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_from_a_status_file() {
        let status =
            "Name:\tunderlag\nVmPeak:\t  900000 kB\nVmHWM:\t   53124 kB\nVmRSS:\t   41000 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(53124));
        assert_eq!(vm_hwm_kib("Name:\tx\nVmRSS:\t 1 kB\n"), None);
        assert_eq!(vm_hwm_kib("VmHWM:\t lots kB\n"), None);
    }

    #[test]
    fn our_own_peak_rss_is_readable_and_positive() {
        let kib = peak_rss_kib(std::process::id()).expect("own /proc status");
        assert!(kib > 0);
    }

    #[test]
    fn percentiles_and_json_come_from_the_sorted_latencies() {
        let report = LoadReport {
            ok: 4,
            failed: 1,
            incomplete: 2,
            elapsed: Duration::from_secs(2),
            latencies: [1, 2, 3, 40].map(Duration::from_millis).to_vec(),
            peak_rss_kib: vec![(7, Some(2048)), (8, None)],
        };
        assert_eq!(report.percentile(50.0), Duration::from_millis(3));
        assert_eq!(report.max(), Duration::from_millis(40));
        assert_eq!(report.throughput(), 2.0);
        let json = report.to_json("soap");
        assert_eq!(json["mode"], "soap");
        assert_eq!(json["errors"], 1);
        assert_eq!(json["incomplete"], 2);
        assert_eq!(json["latency_ms"]["p99"], 40.0);
        assert_eq!(json["peak_rss"][0]["mib"], 2.0);
        assert!(json["peak_rss"][1]["mib"].is_null());
        assert!(report.summary().contains("peak RSS of 7: 2.0 MiB"));
    }
}
