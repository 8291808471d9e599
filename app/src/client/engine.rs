//! The device's sync engine as the pages use it: the replica (`sync::replica`, which decides
//! everything) behind signals, changes queued through its outbox, and the user's choices on
//! rejected changes. Provided at the root; in the browser the loop in `sync_loop` carries its
//! requests. On the server it stays empty.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code, reason = "the engine runs in the browser; on the server it stays empty"))]

use leptos::prelude::*;

use super::live::{Live, Poke};
use super::scheduler::{Link, Scheduler};
use crate::sync::OpCall;
use crate::sync::replica::Replica;

/// The device's sync engine. `Copy`.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    pub(super) replica: StoredValue<Option<Replica>>,
    pub(super) user: StoredValue<Option<String>>,
    pub(super) timers: StoredValue<Scheduler>,
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
    /// The live feed's state, and the last poke heard.
    pub live: RwSignal<Live>,
    pub poke: RwSignal<Option<Poke>>,
}

/// Creates the engine (empty until it starts with the signed-in user) and provides it.
pub fn provide_sync_engine() -> SyncEngine {
    let engine = SyncEngine {
        replica: StoredValue::new(None),
        user: StoredValue::new(None),
        timers: StoredValue::new(Scheduler::default()),
        rev: RwSignal::new(0),
        link: RwSignal::new(Link::Online),
        sending: RwSignal::new(false),
        acknowledged: RwSignal::new(0),
        warning: RwSignal::new(None),
        notice: RwSignal::new(None),
        elsewhere: RwSignal::new(false),
        live: RwSignal::new(Live::Connecting),
        poke: RwSignal::new(None),
    };
    provide_context(engine);
    engine
}

/// The engine provided at the root.
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

    /// The version a change to the row `entity/id` is based on, when the page showed version
    /// `shown` (`None`: no row): the newest of what the page showed, what the device pulled, and
    /// what this device's own pending changes make of it (see [`Replica::base_version`]).
    pub fn base_version(self, entity: &str, id: &str, shown: Option<i64>) -> Option<i64> {
        self.with_untracked(|r| r.base_version(entity, id, shown)).unwrap_or(shown)
    }

    pub(super) fn bump(self) {
        self.rev.update(|r| *r += 1);
    }

    /// Queues changes: stored on the device first, then applied; refused (nothing changes)
    /// when the device cannot store them.
    pub fn enqueue(self, ops: Vec<(OpCall, Option<i64>)>) -> Result<(), String> {
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
        // The push starts before the pages follow, so the request is on its way while they draw.
        self.kick();
        self.bump();
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
        self.timers.update_value(Scheduler::pull_soon);
        self.bump();
        self.kick();
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

/// On the server the engine never starts: nothing is stored, sent or owned.
#[cfg(not(feature = "hydrate"))]
impl SyncEngine {
    pub fn start(self, _user_id: String) {}
    pub async fn local_board(self, _commune: String, _campaign: String) -> Option<crate::board::BoardData> {
        None
    }
    pub(super) fn kick(self) {}
    pub(super) fn own(self) -> bool {
        false
    }
    pub(super) fn persist_changes(self) -> Result<(), String> {
        Err(STORAGE_FULL.into())
    }
}
