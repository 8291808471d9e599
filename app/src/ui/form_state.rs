//! What every form of a page does the same way: it says what became of the last change (an
//! error, or where the change is — sent, or waiting for the network) and whether something typed
//! is not saved yet, so that the page does not refresh under the user.

use std::fmt::Display;

use leptos::prelude::*;

use crate::client::{Link, SyncEngine};
use crate::sync::Op;

/// One form's state. `Copy`; held by the page, so that it survives the page's refreshes.
#[derive(Clone, Copy)]
pub struct FormState {
    message: RwSignal<Option<(bool, String)>>,
    unsaved: RwSignal<bool>,
}

impl Default for FormState {
    fn default() -> Self {
        Self { message: RwSignal::new(None), unsaved: RwSignal::new(false) }
    }
}

impl FormState {
    /// The user typed or chose something not sent yet.
    pub fn edited(self) {
        if !self.unsaved.get_untracked() {
            self.unsaved.set(true);
        }
    }

    /// Whether something typed is not saved yet.
    pub fn is_unsaved(self) -> bool {
        self.unsaved.get_untracked()
    }

    /// A rule refused the change: says why; what was typed stays.
    pub fn refuse(self, reason: impl Display) {
        self.message.set(Some((true, reason.to_string())));
    }

    /// Queues the changes in the device's outbox (sent at once, or when the network is back) and
    /// says where they are. Returns whether they were queued.
    pub fn send(self, engine: SyncEngine, ops: Vec<(Op, Option<i64>)>) -> bool {
        match engine.enqueue(ops) {
            Ok(()) => {
                let text = match engine.link.get_untracked() {
                    Link::Online => "Đã ghi nhận; đang gửi lên máy chủ.",
                    _ => "Đã ghi nhận trên máy này; sẽ tự gửi khi có mạng.",
                };
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

    /// Forgets the message (another record is shown).
    pub fn clear(self) {
        self.message.set(None);
        self.unsaved.set(false);
    }

    /// The message, where the form shows it.
    pub fn message(self) -> impl IntoView {
        move || {
            self.message.get().map(|(error, text)| {
                view! { <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p> }
            })
        }
    }
}

/// Fetches a page's data again whenever a pull brought news (this device's changes back from the
/// server, or another's), unless one of its forms holds something typed and not saved.
pub fn refetch_after_pulls<T>(engine: SyncEngine, data: Resource<T>, forms: impl Fn() -> Vec<FormState> + 'static)
where
    T: Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    Effect::new(move |previous: Option<i64>| {
        let cursor = engine.with(|r| r.cursor).unwrap_or(0);
        if previous.is_some_and(|p| p != cursor) && !forms().into_iter().any(FormState::is_unsaved) {
            data.refetch();
        }
        cursor
    });
}
