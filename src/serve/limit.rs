//! A per-connection token bucket: a steady rate with bursts, and strikes for flooding.

use std::time::Instant;

/// Messages a connection may send per second, on average.
pub const RATE_PER_SECOND: f64 = 20.0;
/// Messages a connection may send at once after being quiet.
pub const BURST: f64 = 40.0;
/// Refused messages after which a flooding connection is closed.
pub const STRIKES: u32 = 20;

/// What to do with one incoming message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// Refuse it with `rate-limited`.
    Refuse,
    /// Refuse it and close the connection: it keeps flooding.
    Close,
}

/// A token bucket refilled at [`RATE_PER_SECOND`] up to [`BURST`].
#[derive(Debug)]
pub struct Bucket {
    tokens: f64,
    last: Instant,
    strikes: u32,
}

impl Bucket {
    pub fn new(now: Instant) -> Bucket {
        Bucket {
            tokens: BURST,
            last: now,
            strikes: 0,
        }
    }

    /// Takes one token for a message arriving at `now`.
    pub fn take(&mut self, now: Instant) -> Verdict {
        let secs = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + secs * RATE_PER_SECOND).min(BURST);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            // A connection that calms down is forgiven slowly.
            if self.tokens >= BURST / 2.0 {
                self.strikes = 0;
            }
            Verdict::Accept
        } else {
            self.strikes += 1;
            if self.strikes >= STRIKES {
                Verdict::Close
            } else {
                Verdict::Refuse
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_then_refuses_then_closes() {
        let t0 = Instant::now();
        let mut b = Bucket::new(t0);
        for _ in 0..40 {
            assert_eq!(b.take(t0), Verdict::Accept);
        }
        for _ in 0..STRIKES - 1 {
            assert_eq!(b.take(t0), Verdict::Refuse);
        }
        assert_eq!(b.take(t0), Verdict::Close);
    }

    #[test]
    fn a_steady_rate_is_fine() {
        let t0 = Instant::now();
        let mut b = Bucket::new(t0);
        for i in 0..1000u64 {
            let now = t0 + Duration::from_millis(i * 60);
            assert_eq!(b.take(now), Verdict::Accept);
        }
    }
}
