//! What every form of a page does the same way: it says what became of the last change (an
//! error, or where the change is — sent, or waiting for the network); it knows whether something
//! typed is not saved yet, so that the page does not refresh under the user; and it notices when
//! the record being edited changed on another device meanwhile, and says so: the user keeps what
//! they typed until they choose.

use std::fmt::Display;

use leptos::prelude::*;

use crate::client::{Link, SyncEngine};
use crate::sync::OpCall;

/// A record a form edits, and the newest version this form knows of it.
#[derive(Clone, Debug)]
pub struct Watched {
    entity: &'static str,
    id: String,
    /// A year's rating of a subject is the same record whatever id another device gave it.
    rating_of: Option<(String, i32)>,
    known: Option<i64>,
}

impl Watched {
    /// The row `entity/id`, shown at version `known`.
    pub fn row(entity: &'static str, id: impl ToString, known: Option<i64>) -> Self {
        Self { entity, id: id.to_string(), rating_of: None, known }
    }

    /// The rating of `subject` for `year`, edited as evaluation `id`.
    pub fn rating(id: impl ToString, subject: impl ToString, year: i32, known: Option<i64>) -> Self {
        Self { entity: "evaluation", id: id.to_string(), rating_of: Some((subject.to_string(), year)), known }
    }

    fn pulled(&self, r: &crate::sync::replica::Replica) -> Option<i64> {
        match &self.rating_of {
            Some((subject, year)) => r.pulled_evaluation(subject, *year),
            None => r.pulled_version(self.entity, &self.id),
        }
    }
}

/// One form's state. `Copy`; held by the page, so that it survives the page's refreshes.
#[derive(Clone, Copy)]
pub struct FormState {
    message: RwSignal<Option<(bool, String)>>,
    unsaved: RwSignal<bool>,
    watched: StoredValue<Vec<Watched>>,
    /// A record the form edits changed on another device since the page showed it.
    changed: RwSignal<bool>,
}

impl Default for FormState {
    fn default() -> Self {
        Self {
            message: RwSignal::new(None),
            unsaved: RwSignal::new(false),
            watched: StoredValue::new(Vec::new()),
            changed: RwSignal::new(false),
        }
    }
}

impl FormState {
    /// The user typed or chose something not sent yet.
    pub fn edited(self) {
        if !self.unsaved.get_untracked() {
            self.unsaved.set(true);
        }
    }

    /// Whether something typed is not saved yet (tracked).
    pub fn is_unsaved(self) -> bool {
        self.unsaved.get()
    }

    /// A rule refused the change: says why; what was typed stays.
    pub fn refuse(self, reason: impl Display) {
        self.message.set(Some((true, reason.to_string())));
    }

    /// Watches the records this form edits (entity, id, version shown), for changes made on
    /// another device while it is open.
    pub fn watch(self, engine: SyncEngine, records: Vec<Watched>) {
        self.watched.set_value(records);
        self.changed.set(false);
        Effect::new(move |_| {
            let changed = engine.with(|r| self.watched.with_value(|w| w.iter().any(|x| x.pulled(r) > x.known))).unwrap_or(false);
            if changed != self.changed.get_untracked() {
                self.changed.set(changed);
            }
        });
    }

    /// Queues the changes in the device's outbox (sent at once, or when the network is back) and
    /// says where they are. Returns whether they were queued.
    pub fn send(self, engine: SyncEngine, ops: Vec<(OpCall, Option<i64>)>) -> bool {
        match engine.enqueue(ops) {
            Ok(()) => {
                let text = match engine.link.get_untracked() {
                    Link::Online => "Đã ghi nhận; đang gửi lên máy chủ.",
                    _ => "Đã ghi nhận trên máy này; sẽ tự gửi khi có mạng.",
                };
                // The versions this form's own changes make are not another device's.
                self.watched.update_value(|w| {
                    for x in w.iter_mut() {
                        x.known = engine.base_version(x.entity, &x.id, x.known);
                    }
                });
                self.changed.set(false);
                self.message.set(Some((false, text.into())));
                self.unsaved.set(false);
                true
            }
            Err(e) => {
                self.refuse(e);
                false
            }
        }
    }

    /// Forgets what was typed and the message (another record is shown, or the user chose to see
    /// the newer version): the page refreshes.
    pub fn clear(self) {
        self.message.set(None);
        self.changed.set(false);
        self.unsaved.set(false);
    }

    /// The message, where the form shows it, and the notice of a change made elsewhere.
    pub fn message(self) -> impl IntoView {
        view! {
            {move || (self.changed.get() && self.unsaved.get()).then(|| view! {
                <div class="form-changed" role="status">
                    <p>
                        "Mục này vừa được thay đổi trên một máy khác. Nội dung bạn đang nhập vẫn được giữ; "
                        "nếu bạn lưu, máy chủ sẽ cho bạn chọn giữ bản nào trong mục «Cần xử lý»."
                    </p>
                    <button type="button" class="secondary" on:click=move |_| self.clear()>"Bỏ nội dung đang nhập, xem bản mới"</button>
                </div>
            })}
            {move || {
                self.message.get().map(|(error, text)| {
                    view! { <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p> }
                })
            }}
        }
    }
}

/// Fetches a page's data again when a pull brought news (this device's changes back from the
/// server, or another's), and when the live feed says the kept figures were refreshed after a
/// commit (the figures a page shows are refreshed just after the commit its pull brought) — at
/// once, or as soon as none of its forms holds something typed and not saved.
pub fn refetch_after_pulls<T>(engine: SyncEngine, data: Resource<T>, forms: impl Fn() -> Vec<FormState> + 'static)
where
    T: Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    Effect::new(move |shown: Option<Option<(i64, i64)>>| {
        // The newest "refreshed" poke heard (a plain poke after it does not count as news).
        let before = shown.flatten().map_or(0, |(_, refreshed)| refreshed);
        let refreshed = engine.poke.with(|p| p.as_ref().filter(|p| p.refreshed).map_or(before, |p| p.seq.max(before)));
        let now = engine.with(|r| r.cursor).map(|c| (c, refreshed));
        let typing = forms().into_iter().any(FormState::is_unsaved);
        match shown.flatten() {
            // Not started yet, or started just now: what the page shows is current.
            None => now,
            Some(at) if now.is_some_and(|n| n != at) && !typing => {
                data.refetch();
                now
            }
            Some(at) => Some(at),
        }
    });
}
