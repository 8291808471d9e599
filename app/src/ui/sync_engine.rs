//! The browser glue of the sync protocol: the replica (`sync::replica`, which decides everything)
//! kept in localStorage through gloo-storage, a one-second tick that pushes the outbox, pulls
//! and checks the connection, and the signals the pages show. On the server it stays empty.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code, reason = "the engine runs in the browser; on the server it stays empty"))]

use leptos::prelude::*;

use crate::sync::Op;
use crate::sync::replica::Replica;

/// The connection as the device sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Online,
    Offline,
    /// Connected, but the session expired: changes wait until the user signs in again.
    SignedOut,
}

/// When to do what (milliseconds, browser clock).
#[derive(Clone, Copy, Debug, Default)]
struct Timers {
    busy: bool,
    failures: u32,
    retry_at: i64,
    next_pull: i64,
    next_heartbeat: i64,
}

const PULL_EVERY_MS: i64 = 10_000;
const HEARTBEAT_ONLINE_MS: i64 = 10_000;
const HEARTBEAT_OFFLINE_MS: i64 = 3_000;
const BACKOFF_MAX_MS: i64 = 30_000;
const FIRST_PULL_AFTER_MS: i64 = 1_500;

/// The device's sync engine, provided at the root. `Copy`.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    replica: StoredValue<Option<Replica>>,
    user: StoredValue<Option<String>>,
    timers: StoredValue<Timers>,
    /// Bumped whenever the replica changes.
    pub rev: RwSignal<u64>,
    pub link: RwSignal<Link>,
    /// A push is under way.
    pub sending: RwSignal<bool>,
    /// Push replies received since the page opened.
    pub acknowledged: RwSignal<u64>,
    /// A problem with the device's storage (full, unreadable).
    pub warning: RwSignal<Option<String>>,
    /// A remark of the server on a saved change, or news of rejections.
    pub notice: RwSignal<Option<String>>,
    /// Another tab of this browser keeps the store: this one only shows.
    pub elsewhere: RwSignal<bool>,
}

/// Creates the engine (empty until [`SyncEngine::start`]) and provides it.
pub fn provide_sync_engine() -> SyncEngine {
    let engine = SyncEngine {
        replica: StoredValue::new(None),
        user: StoredValue::new(None),
        timers: StoredValue::new(Timers::default()),
        rev: RwSignal::new(0),
        link: RwSignal::new(Link::Online),
        sending: RwSignal::new(false),
        acknowledged: RwSignal::new(0),
        warning: RwSignal::new(None),
        notice: RwSignal::new(None),
        elsewhere: RwSignal::new(false),
    };
    provide_context(engine);
    engine
}

pub fn use_sync() -> SyncEngine {
    expect_context::<SyncEngine>()
}

/// Why a change is refused in a tab that does not keep the store.
pub const OTHER_TAB: &str = "BranchBoard đang mở ở một thẻ khác của trình duyệt này, và thẻ đó đang giữ các thay đổi trên máy. \
     Để hai thẻ không ghi đè lên nhau, hãy làm việc trong thẻ đó, hoặc đóng nó rồi thử lại ở đây.";

/// The storage message when the browser refuses to store a change.
pub const STORAGE_FULL: &str = "Bộ nhớ của trình duyệt trên máy này đã đầy nên thay đổi vừa rồi chưa được ghi và không được áp dụng. \
     Các thay đổi đã lưu trước đó vẫn còn nguyên. Hãy kết nối mạng để gửi chúng đi, hoặc giải phóng bộ nhớ trình duyệt.";

impl SyncEngine {
    /// Reads the replica, tracking its changes; `None` before the engine started.
    pub fn with<R>(self, f: impl FnOnce(&Replica) -> R) -> Option<R> {
        self.rev.track();
        self.replica.with_value(|r| r.as_ref().map(f))
    }

    pub fn with_untracked<R>(self, f: impl FnOnce(&Replica) -> R) -> Option<R> {
        self.replica.with_value(|r| r.as_ref().map(f))
    }

    /// How many changes the server has not acknowledged yet.
    pub fn unsent_count(self) -> usize {
        self.with(Replica::unsent_count).unwrap_or(0)
    }

    fn bump(self) {
        self.rev.update(|r| *r += 1);
    }

    /// Queues changes: stored on the device first, then applied; refused (nothing changes)
    /// when the device cannot store them.
    pub fn enqueue(self, ops: Vec<(Op, Option<i64>)>) -> Result<(), String> {
        if !self.own() {
            return Err(OTHER_TAB.into());
        }
        let created = now_millis();
        let before = self
            .replica
            .try_update_value(|r| {
                r.as_mut().map(|r| {
                    let before = (r.outbox.len(), r.last_seq);
                    for (op, base) in &ops {
                        r.enqueue(op, *base, created);
                    }
                    before
                })
            })
            .flatten()
            .ok_or_else(|| "Ứng dụng chưa sẵn sàng lưu thay đổi trên máy này; hãy tải lại trang.".to_string())?;
        if let Err(e) = self.persist_changes() {
            self.replica.update_value(|r| {
                if let Some(r) = r {
                    r.outbox.truncate(before.0);
                    r.last_seq = before.1;
                }
            });
            self.warning.set(Some(e.clone()));
            return Err(e);
        }
        if self.warning.with_untracked(|w| w.as_deref() == Some(STORAGE_FULL)) {
            self.warning.set(None);
        }
        self.bump();
        self.tick();
        Ok(())
    }

    /// "Giữ thay đổi của tôi" on the rejection `index`.
    pub fn keep_mine(self, index: usize) {
        self.resolve(|r| r.keep_mine(index, now_millis()).is_some());
    }

    /// "Nhận giá trị trên máy chủ" on the rejection `index`.
    pub fn accept_theirs(self, index: usize) {
        self.resolve(|r| r.accept_theirs(index).is_some());
    }

    fn resolve(self, f: impl FnOnce(&mut Replica) -> bool) {
        if !self.own() {
            self.warning.set(Some(OTHER_TAB.into()));
            return;
        }
        let saved = self.replica.with_value(Clone::clone);
        if self.replica.try_update_value(|r| r.as_mut().is_some_and(f)) != Some(true) {
            return;
        }
        if let Err(e) = self.persist_changes() {
            self.replica.set_value(saved);
            self.warning.set(Some(e));
            return;
        }
        self.timers.update_value(|t| t.next_pull = 0);
        self.bump();
        self.tick();
    }
}

/// The browser's clock in milliseconds since the epoch (0 while rendering on the server).
pub fn now_millis() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        leptos::web_sys::js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

#[cfg(not(feature = "hydrate"))]
impl SyncEngine {
    pub fn start(self, _user_id: String) {}
    pub fn local_board(self, _commune: &str, _campaign: &str) -> Option<crate::board::BoardData> {
        None
    }
    fn tick(self) {}
    fn own(self) -> bool {
        false
    }
    fn persist_changes(self) -> Result<(), String> {
        Err(STORAGE_FULL.into())
    }
}

/// The signed-in user as last seen by this device, for opening the app without the server.
#[cfg(feature = "hydrate")]
pub use browser::{forget_me, remember_me, remembered_me};

#[cfg(not(feature = "hydrate"))]
pub fn remembered_me() -> Option<crate::api::views::Me> {
    None
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::time::Duration;

    use gloo_storage::{LocalStorage, Storage};
    use leptos::prelude::*;
    use leptos::task::spawn_local;

    use super::{
        BACKOFF_MAX_MS, FIRST_PULL_AFTER_MS, HEARTBEAT_OFFLINE_MS, HEARTBEAT_ONLINE_MS, Link, PULL_EVERY_MS, STORAGE_FULL, SyncEngine,
        now_millis,
    };
    use crate::api::board::{pull_changes, push_mutations};
    use crate::api::pages::whoami;
    use crate::error::AppError;
    use crate::sync::replica::{LoadProblem, Stored};

    /// `navigator.onLine` (false only when the browser knows it has no network).
    fn navigator_online() -> bool {
        use leptos::web_sys::js_sys::Reflect;
        Reflect::get(&window(), &"navigator".into())
            .and_then(|n| Reflect::get(&n, &"onLine".into()))
            .map_or(true, |v| v.as_bool() != Some(false))
    }

    const ME: &str = "branchboard/v1/me";

    /// Keeps the signed-in user on the device (a page opened without the server needs it).
    pub fn remember_me(me: &crate::api::views::Me) {
        if let Ok(text) = serde_json::to_string(me) {
            let _ = write(ME, &text);
        }
    }

    pub fn remembered_me() -> Option<crate::api::views::Me> {
        read(ME).and_then(|t| serde_json::from_str(&t).ok())
    }

    /// Signing out: the device no longer opens as this user (the unsent changes stay stored).
    pub fn forget_me() {
        let _ = LocalStorage::raw().remove_item(ME);
    }

    /// A holder that has not renewed its claim for this long is gone.
    const OWNER_STALE_MS: i64 = 5_000;

    /// This tab's id: kept in sessionStorage, so that it survives the tab's own navigations.
    fn tab_id() -> String {
        use gloo_storage::SessionStorage;
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

    fn storage_key(user: &str, part: &str) -> String {
        format!("branchboard/v1/{user}/{part}")
    }

    fn read(key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    fn write(key: &str, value: &str) -> Result<(), String> {
        LocalStorage::raw().set_item(key, value).map_err(|_| STORAGE_FULL.to_string())
    }

    impl SyncEngine {
        /// Loads this user's replica from the device and starts syncing (once per page).
        pub fn start(self, user_id: String) {
            if self.user.with_value(|u| u.is_some()) {
                return;
            }
            let Some(replica) = self.load(&user_id) else { return };
            self.user.set_value(Some(user_id));
            self.replica.set_value(Some(replica));
            // The first pull (a whole snapshot on a new device) waits until the page has settled:
            // it must not slow the page's first interaction.
            let now = now_millis();
            self.timers.update_value(|t| {
                t.next_pull = now + FIRST_PULL_AFTER_MS;
                t.next_heartbeat = now + HEARTBEAT_ONLINE_MS;
            });
            if self.claim(false)
                && let Err(e) = self.persist_changes()
            {
                self.warning.set(Some(e));
            }
            if !navigator_online() {
                self.link.set(Link::Offline);
            }
            let on = window_event_listener(leptos::ev::online, move |_| {
                self.timers.update_value(|t| t.next_heartbeat = 0);
                self.tick();
            });
            let off = window_event_listener(leptos::ev::offline, move |_| self.link.set(Link::Offline));
            let gone = window_event_listener(leptos::ev::pagehide, move |_| self.release());
            let interval = set_interval_with_handle(move || self.tick(), Duration::from_millis(1000)).ok();
            on_cleanup(move || {
                on.remove();
                off.remove();
                gone.remove();
                if let Some(i) = interval {
                    i.clear();
                }
            });
            self.bump();
            self.tick();
        }

        /// Whether this tab keeps the user's store. One tab at a time writes it (two would
        /// overwrite each other's outbox): a tab claims it when it is free or its holder stopped
        /// renewing it (closed), reloading the store as that tab left it; the holder renews it on
        /// every tick and frees it when the page goes away.
        pub(super) fn own(self) -> bool {
            self.claim(true)
        }

        /// [`Self::own`]; `reload: false` when the replica was just read from the store (start).
        fn claim(self, reload: bool) -> bool {
            let Some(key) = self.key("owner") else { return false };
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
        fn release(self) {
            if let Some(key) = self.key("owner")
                && read(&key).is_some_and(|v| v.split('|').next() == Some(tab_id().as_str()))
            {
                let _ = LocalStorage::raw().remove_item(&key);
            }
        }

        /// The replica as stored (after another tab kept it).
        fn reload(self) {
            let Some(user) = self.user.get_value() else { return };
            if let Some(replica) = self.load(&user) {
                self.replica.set_value(Some(replica));
                self.bump();
            }
        }

        /// Reads this user's replica; problems are reported, unreadable changes kept aside.
        fn load(self, user_id: &str) -> Option<crate::sync::replica::Replica> {
            let k = |part: &str| storage_key(user_id, part);
            let stored =
                Stored { meta: read(&k("meta")), base: read(&k("base")), outbox: read(&k("outbox")), rejected: read(&k("rejected")) };
            let (replica, problems) = stored.load(uuid::Uuid::now_v7());
            for p in &problems {
                match p {
                    LoadProblem::ChangesUnreadable => {
                        // Kept aside untouched before anything is written over them.
                        let at = now_millis();
                        for part in ["outbox", "rejected"] {
                            if let Some(text) = read(&k(part)) {
                                let _ = write(&k(&format!("{part}-unreadable-{at}")), &text);
                            }
                        }
                    }
                    LoadProblem::NewerFormat(_) => {
                        self.warning.set(Some(p.message()));
                        return None;
                    }
                    LoadProblem::BaseUnreadable => {}
                }
                self.warning.set(Some(p.message()));
            }
            Some(replica)
        }

        /// The board from the device's store, when the server cannot be reached.
        pub fn local_board(self, commune: &str, campaign: &str) -> Option<crate::board::BoardData> {
            let me = remembered_me()?;
            self.start(me.user_id.clone());
            let commune = crate::domain::ids::UnitId::parse(commune)?;
            let campaign = crate::domain::ids::CampaignId::parse(campaign)?;
            self.with_untracked(|r| crate::board::BoardData::from_entities(&r.base, commune, campaign, me.manages.covers(commune)))
                .flatten()
        }

        fn key(self, part: &str) -> Option<String> {
            self.user.with_value(|u| u.as_deref().map(|u| storage_key(u, part)))
        }

        /// Writes the outbox, the rejected list and the meta (the user's own work).
        pub(super) fn persist_changes(self) -> Result<(), String> {
            let parts = self.replica.with_value(|r| {
                r.as_ref().map(|r| [("outbox", Stored::outbox_of(r)), ("rejected", Stored::rejected_of(r)), ("meta", Stored::meta_of(r))])
            });
            let Some(parts) = parts else { return Err(STORAGE_FULL.into()) };
            for (part, text) in parts {
                write(&self.key(part).ok_or(STORAGE_FULL)?, &text)?;
            }
            Ok(())
        }

        /// Writes the base, then the meta with its cursor. The base only mirrors the server: when
        /// it does not fit, it is removed and pulled again later, never the user's changes.
        fn persist_base(self) {
            let Some((base, meta)) = self.replica.with_value(|r| r.as_ref().map(|r| (Stored::base_of(r), Stored::meta_of(r)))) else {
                return;
            };
            let (Some(base_key), Some(meta_key)) = (self.key("base"), self.key("meta")) else { return };
            if write(&base_key, &base).and_then(|_| write(&meta_key, &meta)).is_err() {
                let _ = LocalStorage::raw().remove_item(&base_key);
                self.warning.set(Some(
                    "Bộ nhớ trình duyệt không đủ để giữ bản sao dữ liệu; các thay đổi của bạn vẫn được lưu và gửi bình thường.".into(),
                ));
            }
        }

        /// One step of the loop: push, pull or check the connection, whichever is due.
        pub(super) fn tick(self) {
            let Some(t) = self.timers.try_get_value() else { return };
            if t.busy || self.user.with_value(Option::is_none) || !self.own() {
                return;
            }
            let now = now_millis();
            let unsent = self.with_untracked(|r| r.unsent_count()).unwrap_or(0);
            match self.link.get_untracked() {
                Link::Online if unsent > 0 && now >= t.retry_at => self.push(),
                Link::Online if now >= t.next_pull && now >= t.retry_at => self.pull(),
                _ if now >= t.next_heartbeat => self.heartbeat(),
                _ => {}
            }
        }

        fn begin(self) {
            self.timers.update_value(|t| t.busy = true);
        }

        /// After a request: `Ok` resets the backoff; a lost connection or an expired session
        /// changes the link; any failure waits longer before the next try.
        fn end(self, result: Result<(), AppError>) {
            let now = now_millis();
            self.timers.update_value(|t| {
                t.busy = false;
                match &result {
                    Ok(()) => t.failures = 0,
                    Err(_) => {
                        t.failures += 1;
                        t.retry_at = now + (1000_i64 << t.failures.min(5)).min(BACKOFF_MAX_MS);
                        t.next_heartbeat = now + HEARTBEAT_OFFLINE_MS;
                    }
                }
            });
            match result {
                Ok(()) => self.link.set(Link::Online),
                Err(AppError::Network(_)) => self.link.set(Link::Offline),
                Err(AppError::Unauthenticated) => self.link.set(Link::SignedOut),
                Err(e) => self.notice.set(Some(format!("Chưa gửi được thay đổi: {e} Ứng dụng sẽ tự thử lại."))),
            }
        }

        fn push(self) {
            let Some(Some(request)) = self.with_untracked(|r| r.next_push()) else { return };
            self.begin();
            self.sending.set(true);
            spawn_local(async move {
                let reply = push_mutations(request).await;
                self.sending.set(false);
                let result = reply.map(|reply| {
                    let report = self.replica.try_update_value(|r| r.as_mut().map(|r| r.acknowledge(&reply))).flatten().unwrap_or_default();
                    if let Err(e) = self.persist_changes() {
                        self.warning.set(Some(e));
                    }
                    if report.rejected > 0 {
                        self.notice.set(Some(format!("Máy chủ không nhận {} thay đổi — xem mục «Cần xử lý».", report.rejected)));
                    } else if let Some(w) = report.warnings.last() {
                        self.notice.set(Some(format!("Đã lưu. Lưu ý: {w}.")));
                    }
                    self.acknowledged.update(|n| *n += 1);
                    self.timers.update_value(|t| t.next_pull = 0);
                    self.bump();
                });
                self.end(result);
                self.tick();
            });
        }

        fn pull(self) {
            let Some(since) = self.with_untracked(|r| r.cursor) else { return };
            self.begin();
            spawn_local(async move {
                let reply = pull_changes(since).await;
                let result = reply.map(|reply| {
                    let changed =
                        self.replica.try_update_value(|r| r.as_mut().is_some_and(|r| r.apply_pull(since, &reply))).unwrap_or(false);
                    if changed {
                        self.persist_base();
                        self.bump();
                    }
                    let next = if reply.more { 0 } else { now_millis() + PULL_EVERY_MS };
                    self.timers.update_value(|t| t.next_pull = next);
                });
                self.end(result);
                self.tick();
            });
        }

        fn heartbeat(self) {
            self.begin();
            spawn_local(async move {
                let result = match whoami().await {
                    Ok(Some(_)) => Ok(()),
                    Ok(None) => Err(AppError::Unauthenticated),
                    Err(e) => Err(e),
                };
                let now = now_millis();
                let online = result.is_ok();
                self.end(result);
                self.timers.update_value(|t| {
                    t.next_heartbeat = now + if online { HEARTBEAT_ONLINE_MS } else { HEARTBEAT_OFFLINE_MS };
                    if online {
                        t.retry_at = 0;
                    }
                });
                self.tick();
            });
        }
    }
}
