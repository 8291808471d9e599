//! The engine's loop in the browser: a one-second tick and the browser's online/offline events
//! ask the scheduler what is due, and carry out its push, pull or heartbeat.
//!
//! Starting reads the device's store at once (the pages show it, and a change is stored the
//! moment it is made); the network half — the scheduler's steps, the requests, the live feed —
//! is a piece of the wasm of its own (`network`, a Leptos lazy function), fetched once the page
//! is hydrated: a commune office can drag on the board before it has arrived.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::engine::{SyncEngine, now_millis};
use super::hydration::after_hydration;
use super::local_store::remembered_me;
use super::scheduler::{Action, Link, Scheduler};
use crate::api::pages::whoami;
use crate::api::sync::{pull_changes, push_mutations};
use crate::error::AppError;

/// `navigator.onLine` (false only when the browser knows it has no network).
fn navigator_online() -> bool {
    use leptos::web_sys::js_sys::Reflect;
    Reflect::get(&window(), &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"onLine".into()))
        .map_or(true, |v| v.as_bool() != Some(false))
}

impl SyncEngine {
    /// Loads this user's replica from the device and starts syncing (once per page), once the
    /// page is hydrated (see `hydration`).
    pub fn start(self, user_id: String) {
        let owner = Owner::current();
        after_hydration(move || match owner {
            Some(owner) => owner.with(|| self.start_now(user_id)),
            None => self.start_now(user_id),
        });
    }

    fn start_now(self, user_id: String) {
        if self.user.with_value(|u| u.is_some()) {
            return;
        }
        let Some(replica) = self.load(&user_id) else { return };
        self.user.set_value(Some(user_id));
        self.replica.set_value(Some(replica));
        self.timers.set_value(Scheduler::started(now_millis()));
        if self.claim(false)
            && let Err(e) = self.persist_changes()
        {
            self.warning.set(Some(e));
        }
        if !navigator_online() {
            self.link.set(Link::Offline);
        }
        let on = window_event_listener(leptos::ev::online, move |_| {
            self.timers.update_value(Scheduler::check_soon);
            self.kick();
        });
        let off = window_event_listener(leptos::ev::offline, move |_| self.link.set(Link::Offline));
        let gone = window_event_listener(leptos::ev::pagehide, move |_| self.release());
        let back = window_event_listener(leptos::ev::pageshow, move |_| self.returned());
        let interval = set_interval_with_handle(move || self.kick(), Duration::from_millis(1000)).ok();
        on_cleanup(move || {
            on.remove();
            off.remove();
            gone.remove();
            back.remove();
            if let Some(i) = interval {
                i.clear();
            }
        });
        self.bump();
        // One live feed for the device (every page follows the pulls it triggers), then the first
        // step.
        spawn_local(network(self, true));
    }

    /// Asks the network half what is due now (once the engine has started).
    pub(super) fn kick(self) {
        if self.user.with_value(Option::is_some) {
            spawn_local(network(self, false));
        }
    }

    /// The board from the device's store, when the server cannot be reached: a piece of the wasm
    /// of its own (`offline_board`), which a board opened with a connection never needs.
    pub async fn local_board(self, commune: String, campaign: String) -> Option<crate::board::BoardData> {
        offline_board(self, commune, campaign).await
    }

    /// One step of the loop: whatever the scheduler says is due (inside the network half; the
    /// rest of the engine calls [`Self::kick`]).
    pub(super) fn tick(self) {
        // Nothing while a request is under way, or once the page is gone.
        if self.timers.try_with_value(Scheduler::is_busy) != Some(false) || self.user.with_value(Option::is_none) || !self.own() {
            return;
        }
        let unsent = self.with_untracked(|r| r.unsent_count()).unwrap_or(0);
        let (now, link) = (now_millis(), self.link.get_untracked());
        match self.timers.try_update_value(|t| t.next(now, link, unsent)).flatten() {
            Some(Action::Push) => self.push(),
            Some(Action::Pull) => self.pull(),
            Some(Action::Heartbeat) => self.heartbeat(),
            None => {}
        }
    }

    /// What a failed request tells the user: a lost connection or an expired session changes the
    /// link; anything else is said, and retried later.
    fn failed(self, error: &AppError) {
        match error {
            AppError::Network(_) => self.link.set(Link::Offline),
            AppError::Unauthenticated => self.link.set(Link::SignedOut),
            e => self.notice.set(Some(format!("Chưa gửi được thay đổi: {e} Ứng dụng sẽ tự thử lại."))),
        }
    }

    fn push(self) {
        let Some(Some(request)) = self.with_untracked(|r| r.next_push()) else {
            self.timers.update_value(Scheduler::idle);
            return;
        };
        self.sending.set(true);
        spawn_local(async move {
            let reply = push_mutations(request).await;
            self.sending.set(false);
            match &reply {
                Ok(reply) => {
                    let report = self.replica.try_update_value(|r| r.as_mut().map(|r| r.acknowledge(reply))).flatten().unwrap_or_default();
                    if let Err(e) = self.persist_changes() {
                        self.warning.set(Some(e));
                    }
                    if report.rejected > 0 {
                        self.notice.set(Some(format!("Máy chủ không nhận {} thay đổi — xem mục «Cần xử lý».", report.rejected)));
                    } else if let Some(w) = report.warnings.last() {
                        self.notice.set(Some(format!("Đã lưu. Lưu ý: {w}.")));
                    }
                    self.acknowledged.update(|n| *n += 1);
                    self.link.set(Link::Online);
                    self.bump();
                }
                Err(e) => self.failed(e),
            }
            self.timers.update_value(|t| t.pushed(now_millis(), reply.is_ok()));
            self.tick();
        });
    }

    fn pull(self) {
        let Some(since) = self.with_untracked(|r| r.cursor) else {
            self.timers.update_value(Scheduler::idle);
            return;
        };
        spawn_local(async move {
            let reply = pull_changes(since).await;
            let more = match &reply {
                Ok(reply) => {
                    let changed =
                        self.replica.try_update_value(|r| r.as_mut().is_some_and(|r| r.apply_pull(since, reply))).unwrap_or(false);
                    if changed {
                        // The pages follow first; the copy on the device is written just after.
                        self.bump();
                        set_timeout(move || self.persist_base(), Duration::ZERO);
                    }
                    self.link.set(Link::Online);
                    reply.more
                }
                Err(e) => {
                    self.failed(e);
                    false
                }
            };
            self.timers.update_value(|t| t.pulled(now_millis(), reply.is_ok(), more));
            self.tick();
        });
    }

    fn heartbeat(self) {
        spawn_local(async move {
            let result = match whoami().await {
                Ok(Some(_)) => Ok(()),
                Ok(None) => Err(AppError::Unauthenticated),
                Err(e) => Err(e),
            };
            match &result {
                Ok(()) => self.link.set(Link::Online),
                Err(e) => self.failed(e),
            }
            self.timers.update_value(|t| t.checked(now_millis(), result.is_ok()));
            self.tick();
        });
    }
}

/// The board from the device's store, loaded on its first call (with no connection, from the
/// service worker's copy of every piece).
#[lazy]
fn offline_board(engine: SyncEngine, commune: String, campaign: String) -> Option<crate::board::BoardData> {
    let me = remembered_me()?;
    engine.start_now(me.user_id.clone());
    let commune = crate::domain::ids::UnitId::parse(&commune)?;
    let campaign = crate::domain::ids::CampaignId::parse(&campaign)?;
    engine.with_untracked(|r| crate::board::BoardData::from_entities(&r.base, commune, campaign, me.manages.covers(commune))).flatten()
}

/// The engine's network half, loaded on its first call: opens the live feed when asked, then
/// takes the step that is due.
#[lazy]
fn network(engine: SyncEngine, listen: bool) {
    if listen {
        engine.listen(engine.with_untracked(|r| r.cursor).unwrap_or(0), 0);
    }
    engine.tick();
}
