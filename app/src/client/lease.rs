//! One tab keeps the store. Two tabs of the same account would overwrite each other's outbox
//! (and reuse sequence numbers), so a tab claims the store when it is free or its holder stopped
//! renewing it (closed), reloading it as that tab left it; the holder renews the claim on every
//! tick and frees it when the page goes away. Another tab only shows.
//!
//! A page that freed the store on `pagehide` never claims it again until `pageshow`: its last
//! timer could otherwise fire before it sees the new tab's claim, take the store back, and leave
//! the new tab refusing moves as "open in another tab" once the old one is gone.

use std::sync::atomic::{AtomicBool, Ordering};

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;

use super::engine::{SyncEngine, now_millis};
use super::local_store::{read, remove, write};

/// A holder that has not renewed its claim for this long is gone.
const OWNER_STALE_MS: i64 = 5_000;

/// Set while this page is going away (between `pagehide` and `pageshow`).
static LEAVING: AtomicBool = AtomicBool::new(false);

/// This tab's id: kept in sessionStorage, so that it survives the tab's own navigations.
fn tab_id() -> String {
    const TAB: &str = "branchboard/tab";
    let raw = SessionStorage::raw();
    match raw.get_item(TAB).ok().flatten() {
        Some(id) => id,
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let _ = raw.set_item(TAB, &id);
            id
        }
    }
}

impl SyncEngine {
    /// Whether this tab keeps the user's store (claiming it when it is free).
    pub(super) fn own(self) -> bool {
        self.claim(true)
    }

    /// [`Self::own`]; `reload: false` when the replica was just read from the store (start).
    pub(super) fn claim(self, reload: bool) -> bool {
        let Some(key) = self.key("owner") else { return false };
        if LEAVING.load(Ordering::Relaxed) {
            return false;
        }
        let me = tab_id();
        let now = now_millis();
        let holder = read(&key).and_then(|v| {
            let (tab, at) = v.split_once('|')?;
            Some((tab.to_string(), at.parse::<i64>().ok()?))
        });
        let mine = match holder {
            Some((tab, _)) if tab == me => true,
            Some((_, at)) if now - at < OWNER_STALE_MS => false,
            _ => {
                if reload {
                    self.reload();
                }
                true
            }
        };
        if mine {
            let _ = write(&key, &format!("{me}|{now}"));
        }
        if self.elsewhere.get_untracked() == mine {
            self.elsewhere.set(!mine);
        }
        mine
    }

    /// Frees the store for another tab (this page is going away).
    pub(super) fn release(self) {
        LEAVING.store(true, Ordering::Relaxed);
        if let Some(key) = self.key("owner")
            && read(&key).is_some_and(|v| v.split('|').next() == Some(tab_id().as_str()))
        {
            remove(&key);
        }
    }

    /// The page is shown again (back from the back/forward cache): it may claim the store again.
    pub(super) fn returned(self) {
        LEAVING.store(false, Ordering::Relaxed);
        self.kick();
    }

    /// The replica as stored (after another tab kept it).
    fn reload(self) {
        let Some(user) = self.user.get_value() else { return };
        if let Some(replica) = self.load(&user) {
            self.replica.set_value(Some(replica));
            self.bump();
        }
    }
}
