//! What one connection has been doing, for its timeouts: when bytes last moved, whether a
//! request head is being waited for and since when, and how many requests are in flight.
//! [`Watched`] records the bytes, the connection driver's service wrapper the requests.

use std::io::IoSlice;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

use super::ListenerLimits;

/// "Not waiting for a request head".
const NONE: u64 = u64::MAX;

/// Why a connection was closed by its timeouts (a stable code for the logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expired {
    /// The request head did not arrive in time.
    HeaderRead,
    /// Nothing happened for too long.
    Idle,
}

impl Expired {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Expired::HeaderRead => "header_read_timeout",
            Expired::Idle => "idle_timeout",
        }
    }
}

/// One connection's activity; times are milliseconds since the connection started.
#[derive(Debug)]
pub(crate) struct Activity {
    origin: Instant,
    last_io: AtomicU64,
    head_since: AtomicU64,
    in_flight: AtomicUsize,
    multiplexed: AtomicBool,
}

impl Activity {
    /// A connection that has just opened: its first request head is awaited from now.
    pub(crate) fn new() -> Self {
        Self {
            origin: Instant::now(),
            last_io: AtomicU64::new(0),
            head_since: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            multiplexed: AtomicBool::new(false),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(NONE - 1)
    }

    fn read(&self) {
        let now = self.now();
        self.last_io.store(now, Ordering::Relaxed);
        // Bytes while nothing is in flight start the next HTTP/1 request head. HTTP/2
        // carries control frames between requests; its streams have their own limits.
        if self.in_flight.load(Ordering::Acquire) == 0 && !self.multiplexed.load(Ordering::Relaxed)
        {
            let _ =
                self.head_since
                    .compare_exchange(NONE, now, Ordering::AcqRel, Ordering::Relaxed);
        }
    }

    fn wrote(&self) {
        self.last_io.store(self.now(), Ordering::Relaxed);
    }

    /// A request head was read: no head is awaited until the next request's first byte.
    /// The returned guard marks the request finished when dropped.
    pub(crate) fn request_started(self: &Arc<Self>, http2: bool) -> InFlight {
        if http2 {
            self.multiplexed.store(true, Ordering::Relaxed);
        }
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.head_since.store(NONE, Ordering::Release);
        InFlight(self.clone())
    }

    /// Which timeout, if any, has run out.
    pub(crate) fn expired(&self, limits: &ListenerLimits) -> Option<Expired> {
        let now = self.now();
        let head = self.head_since.load(Ordering::Acquire);
        if head != NONE && now.saturating_sub(head) >= millis(limits.header_read_timeout) {
            return Some(Expired::HeaderRead);
        }
        let quiet = now.saturating_sub(self.last_io.load(Ordering::Relaxed));
        if self.in_flight.load(Ordering::Acquire) == 0 && quiet >= millis(limits.idle_timeout) {
            return Some(Expired::Idle);
        }
        None
    }

    /// When to look again: the earlier of the two deadlines as things stand now.
    pub(crate) fn next_check(&self, limits: &ListenerLimits) -> Instant {
        let now = self.now();
        let idle = if self.in_flight.load(Ordering::Acquire) == 0 {
            self.last_io
                .load(Ordering::Relaxed)
                .saturating_add(millis(limits.idle_timeout))
        } else {
            now.saturating_add(millis(limits.idle_timeout))
        };
        let head = match self.head_since.load(Ordering::Acquire) {
            NONE => NONE,
            since => since.saturating_add(millis(limits.header_read_timeout)),
        };
        let at = idle.min(head).max(now.saturating_add(1));
        self.origin + Duration::from_millis(at)
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(NONE - 1)
}

/// A request in flight; dropping it (the response is ready, or the request was abandoned)
/// counts it out.
pub(crate) struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.0.wrote();
    }
}

/// An IO stream that records its traffic in an [`Activity`].
pub(crate) struct Watched<I> {
    inner: I,
    activity: Arc<Activity>,
}

impl<I> Watched<I> {
    pub(crate) fn new(inner: I, activity: Arc<Activity>) -> Self {
        Self { inner, activity }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ListenerLimits {
        ListenerLimits {
            header_read_timeout: Duration::from_millis(100),
            idle_timeout: Duration::from_millis(1000),
            ..ListenerLimits::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_new_connection_runs_out_of_header_time() {
        let activity = Activity::new();
        assert_eq!(activity.expired(&limits()), None);
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(activity.expired(&limits()), Some(Expired::HeaderRead));
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_in_flight_is_neither_slow_nor_idle() {
        let activity = Arc::new(Activity::new());
        let guard = activity.request_started(false);
        tokio::time::sleep(Duration::from_millis(5000)).await;
        activity.read();
        assert_eq!(activity.expired(&limits()), None);
        drop(guard);
        tokio::time::sleep(Duration::from_millis(999)).await;
        assert_eq!(
            activity.expired(&limits()),
            None,
            "kept alive, not yet idle"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert_eq!(activity.expired(&limits()), Some(Expired::Idle));
    }

    #[tokio::test(start_paused = true)]
    async fn the_next_requests_first_byte_starts_its_header_time() {
        let activity = Arc::new(Activity::new());
        drop(activity.request_started(false));
        tokio::time::sleep(Duration::from_millis(500)).await;
        activity.read();
        tokio::time::sleep(Duration::from_millis(99)).await;
        activity.read();
        assert_eq!(activity.expired(&limits()), None);
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert_eq!(activity.expired(&limits()), Some(Expired::HeaderRead));
        assert!(activity.next_check(&limits()) > Instant::now());
    }

    #[tokio::test(start_paused = true)]
    async fn http2_control_frames_between_requests_are_not_a_request_head() {
        let activity = Arc::new(Activity::new());
        drop(activity.request_started(true));
        activity.read();
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(activity.expired(&limits()), None);
    }
}
