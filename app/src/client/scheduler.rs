//! When the device pushes, pulls and checks its connection — pure, so that it is tested here. The
//! browser loop asks [`Scheduler::next`] on every tick (and after every answer) and tells it how
//! each request ended; the scheduler never waits or sends anything itself. Times are the
//! browser's clock in milliseconds.

/// The connection as the device sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Online,
    Offline,
    /// Connected, but the session expired: changes wait until the user signs in again.
    SignedOut,
}

/// What to do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Send the oldest unsent changes.
    Push,
    /// Fetch the changes since the cursor.
    Pull,
    /// Ask the server who is signed in (is it there, is the session alive).
    Heartbeat,
}

/// A pull every this long while online and the live feed is down (while it is up, a poke says
/// when to pull).
pub const PULL_EVERY_MS: i64 = 10_000;
/// A heartbeat every this long while online…
pub const HEARTBEAT_ONLINE_MS: i64 = 10_000;
/// …and this often while the server cannot be reached.
pub const HEARTBEAT_OFFLINE_MS: i64 = 3_000;
/// The first retry after a failure; each further failure doubles it, up to [`BACKOFF_MAX_MS`].
pub const BACKOFF_FIRST_MS: i64 = 1_000;
pub const BACKOFF_MAX_MS: i64 = 30_000;
/// The first pull (a whole snapshot on a new device) waits until the page has settled.
pub const FIRST_PULL_AFTER_MS: i64 = 1_500;

/// How long to wait before retrying after `failures` failures in a row (1 s, 2 s, 4 s … 30 s).
pub fn backoff(failures: u32) -> i64 {
    (BACKOFF_FIRST_MS << failures.saturating_sub(1).min(5)).min(BACKOFF_MAX_MS)
}

/// The loop's timers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scheduler {
    /// A request is under way: nothing else starts.
    busy: bool,
    /// Failed requests in a row.
    failures: u32,
    /// No push or pull before this.
    retry_at: i64,
    next_pull: i64,
    next_heartbeat: i64,
    /// The live feed is connected: no periodic pull.
    live: bool,
    /// A pull was asked for while one was under way (a poke): pull again when it ends.
    pull_again: bool,
}

impl Scheduler {
    /// The timers of an engine that starts at `now`.
    pub fn started(now: i64) -> Self {
        Self { next_pull: now + FIRST_PULL_AFTER_MS, next_heartbeat: now + HEARTBEAT_ONLINE_MS, ..Self::default() }
    }

    /// What to do at `now`, if anything: changes waiting are pushed first, then a pull when one
    /// is due, then a heartbeat when one is due. Offline or signed out, only heartbeats (they
    /// find out when the connection is back). The action is under way until it is reported.
    pub fn next(&mut self, now: i64, link: Link, unsent: usize) -> Option<Action> {
        if self.busy {
            return None;
        }
        let may_send = link == Link::Online && now >= self.retry_at;
        let action = if may_send && unsent > 0 {
            Action::Push
        } else if may_send && now >= self.next_pull {
            self.pull_again = false;
            Action::Pull
        } else if now >= self.next_heartbeat {
            Action::Heartbeat
        } else {
            return None;
        };
        self.busy = true;
        Some(action)
    }

    /// A push ended; after a good one the device pulls at once (to see its changes applied).
    pub fn pushed(&mut self, now: i64, ok: bool) {
        self.ended(now, ok);
        if ok {
            self.next_pull = 0;
        }
    }

    /// A pull ended; `more`: the server has more changes after this page.
    pub fn pulled(&mut self, now: i64, ok: bool, more: bool) {
        self.ended(now, ok);
        if ok {
            self.next_pull = if more || self.pull_again {
                0
            } else if self.live {
                i64::MAX
            } else {
                now + PULL_EVERY_MS
            };
        }
    }

    /// The live feed connected (`true`), dropped or could not connect: while it is down the
    /// device polls, starting at once — what it missed meanwhile, or why the server ended it (a
    /// disabled account's feed ends with its sessions, and the pull says so). A request under way
    /// does not swallow that pull: it comes right after.
    pub fn set_live(&mut self, now: i64, live: bool) {
        if !live {
            self.next_pull = self.next_pull.min(now);
            self.pull_again |= self.busy;
        }
        self.live = live;
    }

    /// A heartbeat ended; `online`: the server answered and the session is alive.
    pub fn checked(&mut self, now: i64, online: bool) {
        self.ended(now, online);
        self.next_heartbeat = now + if online { HEARTBEAT_ONLINE_MS } else { HEARTBEAT_OFFLINE_MS };
        if online {
            self.retry_at = 0;
        }
    }

    /// Whether a request is under way.
    pub fn is_busy(&self) -> bool {
        self.busy
    }

    /// The action given turned out to have nothing to do: nothing is under way.
    pub fn idle(&mut self) {
        self.busy = false;
    }

    /// Pull at the next tick (a poke announced news, or the user resolved a rejection); if a pull
    /// is under way, once more after it.
    pub fn pull_soon(&mut self) {
        self.next_pull = 0;
        self.pull_again = true;
    }

    /// Check the connection at the next tick (the browser says it is back online).
    pub fn check_soon(&mut self) {
        self.next_heartbeat = 0;
    }

    /// The end of any request: success resets the backoff, a failure waits longer each time and
    /// checks the connection sooner.
    fn ended(&mut self, now: i64, ok: bool) {
        self.busy = false;
        if ok {
            self.failures = 0;
        } else {
            self.failures += 1;
            self.retry_at = now + backoff(self.failures);
            self.next_heartbeat = now + HEARTBEAT_OFFLINE_MS;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_go_first_then_the_pull_then_the_heartbeat() {
        let mut s = Scheduler::started(0);
        let late = HEARTBEAT_ONLINE_MS + 1;
        assert_eq!(s.next(late, Link::Online, 3), Some(Action::Push));
        assert_eq!(s.next(late, Link::Online, 3), None, "one request at a time");
        s.pushed(late, true);
        assert_eq!(s.next(late, Link::Online, 0), Some(Action::Pull), "a pull right after a push");
        s.pulled(late, true, false);
        assert_eq!(s.next(late, Link::Online, 0), Some(Action::Heartbeat));
        s.checked(late, true);
        assert_eq!(s.next(late + 1, Link::Online, 0), None, "nothing is due");
        assert_eq!(s.next(late + PULL_EVERY_MS, Link::Online, 0), Some(Action::Pull));
    }

    #[test]
    fn the_first_pull_waits_for_the_page_to_settle() {
        let mut s = Scheduler::started(1_000);
        assert_eq!(s.next(1_000, Link::Online, 0), None);
        assert_eq!(s.next(1_000 + FIRST_PULL_AFTER_MS, Link::Online, 0), Some(Action::Pull));
    }

    #[test]
    fn a_pull_with_more_to_come_pulls_again_at_once() {
        let mut s = Scheduler::started(0);
        assert_eq!(s.next(5_000, Link::Online, 0), Some(Action::Pull));
        s.pulled(5_000, true, true);
        assert_eq!(s.next(5_000, Link::Online, 0), Some(Action::Pull));
    }

    #[test]
    fn failures_back_off_from_one_second_to_thirty() {
        assert_eq!((1..=8).map(backoff).collect::<Vec<_>>(), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
        let mut s = Scheduler::started(0);
        let mut now = 20_000;
        for wait in [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000] {
            assert_eq!(s.next(now, Link::Online, 1), Some(Action::Push));
            s.pushed(now, false);
            s.next_heartbeat = i64::MAX; // the pushes alone
            assert_eq!(s.next(now + wait - 1, Link::Online, 1), None, "waits {wait} ms");
            now += wait;
        }
    }

    #[test]
    fn a_success_resets_the_backoff() {
        let mut s = Scheduler::started(0);
        for _ in 0..4 {
            s.next(20_000, Link::Online, 1);
            s.pushed(20_000, false);
            s.retry_at = 0;
        }
        assert_eq!(s.next(20_000, Link::Online, 1), Some(Action::Push));
        s.pushed(20_000, true);
        assert_eq!(s.next(20_000, Link::Online, 1), Some(Action::Push));
        s.pushed(20_000, false);
        assert_eq!(s.retry_at, 20_000 + BACKOFF_FIRST_MS, "counting starts again after a success");
    }

    #[test]
    fn offline_the_device_only_checks_the_connection() {
        let mut s = Scheduler::started(0);
        assert_eq!(s.next(20_000, Link::Online, 2), Some(Action::Push));
        s.pushed(20_000, false);
        let later = 20_000 + HEARTBEAT_OFFLINE_MS;
        for link in [Link::Offline, Link::SignedOut] {
            let mut t = s;
            assert_eq!(t.next(later + 60_000, link, 2), Some(Action::Heartbeat), "no push, no pull, even long after");
            t.checked(later + 60_000, false);
            assert_eq!(t.next(later + 60_000 + HEARTBEAT_OFFLINE_MS - 1, link, 2), None);
            assert_eq!(t.next(later + 60_000 + HEARTBEAT_OFFLINE_MS, link, 2), Some(Action::Heartbeat));
        }
        // Back online: the heartbeat clears the wait and the changes go at once.
        assert_eq!(s.next(later, Link::Offline, 2), Some(Action::Heartbeat));
        s.checked(later, true);
        assert_eq!(s.next(later, Link::Online, 2), Some(Action::Push));
    }

    #[test]
    fn while_the_live_feed_is_up_a_poke_says_when_to_pull() {
        let mut s = Scheduler::started(0);
        s.set_live(0, true);
        assert_eq!(s.next(5_000, Link::Online, 0), Some(Action::Pull), "the first pull still comes");
        s.pulled(5_000, true, false);
        s.checked(5_000, true);
        let later = 5_000 + 10 * PULL_EVERY_MS;
        assert_eq!(s.next(later, Link::Online, 0), Some(Action::Heartbeat), "no polling, only the heartbeat");
        s.checked(later, true);
        // A poke: pull at once.
        s.pull_soon();
        assert_eq!(s.next(later, Link::Online, 0), Some(Action::Pull));
        // A poke during that pull: one more pull after it, not none.
        s.pull_soon();
        s.pulled(later + 10, true, false);
        assert_eq!(s.next(later + 10, Link::Online, 0), Some(Action::Pull));
        s.pulled(later + 20, true, false);
        assert_eq!(s.next(later + 20 + PULL_EVERY_MS / 2, Link::Online, 0), None, "and then quiet");
        // The feed drops: polling starts again, at once, then every 10 s.
        s.set_live(later + 30, false);
        assert_eq!(s.next(later + 30, Link::Online, 0), Some(Action::Pull));
        s.pulled(later + 30, true, false);
        assert_eq!(s.next(later + 30 + PULL_EVERY_MS / 2, Link::Online, 0), None);
        assert_eq!(s.next(later + 30 + PULL_EVERY_MS, Link::Online, 0), Some(Action::Pull));
    }

    #[test]
    fn a_feed_that_drops_or_cannot_connect_during_a_request_is_followed_by_a_pull() {
        let mut s = Scheduler::started(0);
        s.set_live(0, true);
        // The first pull is under way when the server ends the feed (an account disabled).
        assert_eq!(s.next(2_000, Link::Online, 0), Some(Action::Pull));
        s.set_live(2_100, false);
        s.pulled(2_500, true, false);
        assert_eq!(s.next(2_500, Link::Online, 0), Some(Action::Pull), "not ten seconds later");
        s.pulled(2_600, true, false);
        // Reconnecting is refused (the feed never opens), again while a pull is under way.
        assert_eq!(s.next(2_600 + PULL_EVERY_MS, Link::Online, 0), Some(Action::Pull));
        s.set_live(2_700 + PULL_EVERY_MS, false);
        s.pulled(2_800 + PULL_EVERY_MS, true, false);
        assert_eq!(s.next(2_800 + PULL_EVERY_MS, Link::Online, 0), Some(Action::Pull));
        // With nothing under way, a refused reconnection pulls at once.
        s.pulled(2_900 + PULL_EVERY_MS, true, false);
        s.set_live(3_000 + PULL_EVERY_MS, false);
        assert_eq!(s.next(3_000 + PULL_EVERY_MS, Link::Online, 0), Some(Action::Pull));
    }

    #[test]
    fn the_browser_can_ask_for_a_check_or_a_pull_now() {
        let mut s = Scheduler::started(0);
        s.check_soon();
        assert_eq!(s.next(1, Link::Offline, 0), Some(Action::Heartbeat));
        s.checked(1, true);
        assert_eq!(s.next(2, Link::Online, 1), Some(Action::Push));
        assert!(s.is_busy());
        s.idle();
        s.pull_soon();
        assert_eq!(s.next(2, Link::Online, 0), Some(Action::Pull));
    }
}
