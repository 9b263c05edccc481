//! A per-source circuit breaker: after repeated failures a source is not called for a while,
//! so a broken agency costs nothing but an immediate `unavailable` outcome.
//!
//! States: Closed (calls pass; consecutive failures are counted) → Open (calls are refused
//! until the cool-down ends) → HalfOpen (one probe call passes; success closes, failure opens
//! again). Time comes from tokio's clock so tests can pause it.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Tuning for one breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the circuit.
    pub failure_threshold: u32,
    /// How long the circuit stays open before one probe is let through.
    pub open_for: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failure_threshold: 5,
            open_for: Duration::from_secs(30),
        }
    }
}

/// The state a caller can observe (for metrics and the answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls pass.
    Closed,
    /// Calls are refused.
    Open,
    /// One probe call is in flight or allowed.
    HalfOpen,
}

#[derive(Debug)]
enum Inner {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { probing: bool },
}

/// A thread-safe circuit breaker for one source.
#[derive(Debug)]
pub struct CircuitBreaker {
    config: BreakerConfig,
    inner: Mutex<Inner>,
}

/// Permission to make one call; report its result with [`CircuitBreaker::record`].
#[derive(Debug)]
#[must_use]
pub struct Permit {
    probe: bool,
}

impl CircuitBreaker {
    /// A closed breaker.
    pub fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            inner: Mutex::new(Inner::Closed { failures: 0 }),
        }
    }

    /// Asks to make a call. `None` means the circuit is open: do not call.
    pub fn try_acquire(&self) -> Option<Permit> {
        let mut inner = self.lock();
        match *inner {
            Inner::Closed { .. } => Some(Permit { probe: false }),
            Inner::Open { until } if Instant::now() >= until => {
                *inner = Inner::HalfOpen { probing: true };
                Some(Permit { probe: true })
            }
            Inner::Open { .. } => None,
            Inner::HalfOpen { probing: true } => None,
            Inner::HalfOpen { probing: false } => {
                *inner = Inner::HalfOpen { probing: true };
                Some(Permit { probe: true })
            }
        }
    }

    /// Reports how a permitted call went.
    pub fn record(&self, permit: Permit, success: bool) {
        let mut inner = self.lock();
        *inner = match (&*inner, success) {
            (_, true) => Inner::Closed { failures: 0 },
            (Inner::Closed { failures }, false) if !permit.probe => {
                let failures = failures + 1;
                if failures >= self.config.failure_threshold {
                    Inner::Open {
                        until: Instant::now() + self.config.open_for,
                    }
                } else {
                    Inner::Closed { failures }
                }
            }
            (_, false) => Inner::Open {
                until: Instant::now() + self.config.open_for,
            },
        };
    }

    /// The current state.
    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            Inner::Closed { .. } => BreakerState::Closed,
            Inner::Open { until } if Instant::now() >= until => BreakerState::HalfOpen,
            Inner::Open { .. } => BreakerState::Open,
            Inner::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned lock only means another thread panicked mid-update; the state is a
        // plain enum and always valid, so keep using it.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> CircuitBreaker {
        CircuitBreaker::new(BreakerConfig {
            failure_threshold: 3,
            open_for: Duration::from_secs(10),
        })
    }

    #[tokio::test(start_paused = true)]
    async fn opens_after_threshold_and_probes_after_cool_down() {
        let b = breaker();
        for _ in 0..3 {
            let p = b.try_acquire().expect("closed");
            b.record(p, false);
        }
        assert_eq!(b.state(), BreakerState::Open);
        assert!(b.try_acquire().is_none());
        tokio::time::advance(Duration::from_secs(10)).await;
        assert_eq!(
            b.state(),
            BreakerState::HalfOpen,
            "cooled down: a probe may pass"
        );
        let probe = b.try_acquire().expect("half-open probe");
        assert!(b.try_acquire().is_none(), "only one probe at a time");
        b.record(probe, true);
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[tokio::test(start_paused = true)]
    async fn failed_probe_reopens() {
        let b = breaker();
        for _ in 0..3 {
            let p = b.try_acquire().expect("closed");
            b.record(p, false);
        }
        tokio::time::advance(Duration::from_secs(11)).await;
        let probe = b.try_acquire().expect("probe");
        b.record(probe, false);
        assert_eq!(b.state(), BreakerState::Open);
    }

    /// Mutation survivor (issue 16): a failed probe reopens the circuit even when a call
    /// permitted before it opened succeeded meanwhile and closed it.
    #[tokio::test(start_paused = true)]
    async fn a_failed_probe_reopens_even_after_a_late_success_closed_the_circuit() {
        let b = breaker();
        let late = b.try_acquire().expect("closed");
        for _ in 0..3 {
            let p = b.try_acquire().expect("closed");
            b.record(p, false);
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        let probe = b.try_acquire().expect("probe");
        b.record(late, true);
        assert_eq!(b.state(), BreakerState::Closed);
        b.record(probe, false);
        assert_eq!(b.state(), BreakerState::Open);
    }

    #[tokio::test(start_paused = true)]
    async fn success_resets_the_count() {
        let b = breaker();
        for ok in [false, false, true, false, false] {
            let p = b.try_acquire().expect("closed");
            b.record(p, ok);
        }
        assert_eq!(b.state(), BreakerState::Closed);
    }
}
