//! How sign-in failures slow down further tries. Failures are counted per address and per
//! (username, address) — never per username alone, so that nobody can lock another person out
//! from elsewhere. After a few free tries each failure makes the wait longer, up to a ceiling;
//! failures long past are forgotten.

/// A limit on failures of one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    /// Failures allowed before any wait.
    pub free: u32,
    /// The wait after the first failure beyond the free ones; it doubles with each further one.
    pub first_wait_ms: i64,
    pub max_wait_ms: i64,
    /// Failures older than this (since the last one) no longer count.
    pub forget_after_ms: i64,
}

const MINUTE: i64 = 60_000;

/// One username from one address: a person who mistypes, or someone guessing one password.
pub const PER_USER_AND_ADDRESS: Throttle =
    Throttle { free: 5, first_wait_ms: MINUTE, max_wait_ms: 15 * MINUTE, forget_after_ms: 24 * 60 * MINUTE };

/// One address, whatever the usernames: someone trying many accounts (a commune office shares
/// one address, hence the larger allowance).
pub const PER_ADDRESS: Throttle = Throttle { free: 30, first_wait_ms: MINUTE, max_wait_ms: 15 * MINUTE, forget_after_ms: 24 * 60 * MINUTE };

/// The failures of one key so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    /// When the last one happened (milliseconds since the epoch).
    pub last_at: i64,
}

impl Throttle {
    /// How long to wait after `count` failures.
    pub fn wait_after(&self, count: u32) -> i64 {
        if count < self.free {
            return 0;
        }
        let doublings = (count - self.free).min(20);
        self.first_wait_ms.saturating_mul(1 << doublings).min(self.max_wait_ms)
    }

    /// The failures that still count at `now`.
    pub fn current(&self, failures: Failures, now: i64) -> Failures {
        if now - failures.last_at > self.forget_after_ms { Failures::default() } else { failures }
    }

    /// How many milliseconds the key must still wait at `now` (0: it may try).
    pub fn remaining(&self, failures: Failures, now: i64) -> i64 {
        let f = self.current(failures, now);
        (f.last_at + self.wait_after(f.count) - now).max(0)
    }

    /// The failures after one more at `now`.
    pub fn failed(&self, failures: Failures, now: i64) -> Failures {
        Failures { count: self.current(failures, now).count.saturating_add(1), last_at: now }
    }
}

/// Minutes to tell the user, rounded up (at least 1).
pub fn minutes(ms: i64) -> u64 {
    (ms.max(1) as u64).div_ceil(MINUTE as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_tries_are_free_then_each_failure_waits_longer_up_to_fifteen_minutes() {
        let t = PER_USER_AND_ADDRESS;
        let waits: Vec<i64> = (0..12).map(|n| t.wait_after(n) / MINUTE).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15]);
        assert_eq!(t.wait_after(u32::MAX), 15 * MINUTE, "no overflow");
    }

    #[test]
    fn the_wait_runs_from_the_last_failure_and_old_failures_are_forgotten() {
        let t = PER_USER_AND_ADDRESS;
        let mut f = Failures::default();
        for i in 0..5 {
            assert_eq!(t.remaining(f, 1_000 + i), 0, "try {i} is free");
            f = t.failed(f, 1_000 + i);
        }
        assert_eq!(t.remaining(f, 1_004), MINUTE, "the sixth try waits a minute");
        assert_eq!(minutes(t.remaining(f, 1_005)), 1);
        let after = 1_004 + MINUTE;
        assert_eq!(t.remaining(f, after), 0);
        f = t.failed(f, after);
        assert_eq!(t.remaining(f, after), 2 * MINUTE, "and a failure then, two");
        // A day later it starts again.
        let later = after + t.forget_after_ms + 1;
        assert_eq!(t.current(f, later), Failures::default());
        assert_eq!(t.failed(f, later).count, 1);
    }

    #[test]
    fn an_address_may_try_many_accounts_before_it_waits() {
        assert_eq!(PER_ADDRESS.wait_after(29), 0);
        assert_eq!(PER_ADDRESS.wait_after(30), MINUTE);
    }
}
