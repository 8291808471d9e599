//! One change sent to the server at once, for the set-up forms that need the server's answer
//! before anything else is done with them (dissolving a branch, adding a unit or a branch): a
//! fresh device id numbered 1, so that it never mixes with this device's outbox.

use leptos::prelude::*;

use crate::api::sync::push_mutations;
use crate::client::now_millis;
use crate::sync::{Mutation, OpCall, Outcome, PushRequest};

/// Sends `call` (based on `base`, the version the user saw) and says how it went: `Ok` with the
/// server's remark if any, or the reason it was refused or not sent, in Vietnamese.
pub async fn push_now(call: OpCall, base: Option<i64>) -> Result<Option<String>, String> {
    let mutation = Mutation::new(1, &call, base, now_millis());
    let reply = push_mutations(PushRequest { client_id: uuid::Uuid::now_v7(), mutations: vec![mutation] }).await;
    match reply.map(|r| r.results.into_iter().next().map(|r| r.outcome)) {
        Ok(Some(Outcome::Applied { warning, .. })) => Ok(warning),
        Ok(Some(Outcome::Rejected { message, .. })) => Err(message),
        Ok(_) => Err("Máy chủ không trả lời rõ ràng; hãy thử lại.".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Where a set-up page says how a change went, and how it shows the change made.
#[derive(Clone, Copy)]
pub struct SetupPage {
    pub said: RwSignal<Option<(bool, String)>>,
    pub reload: Callback<()>,
}

impl SetupPage {
    /// Sends `call` at once; when it is applied, says `done` and fetches the page again; else says why.
    pub fn send(self, call: OpCall, base: Option<i64>, done: String) {
        leptos::task::spawn_local(async move {
            match push_now(call, base).await {
                Ok(_) => {
                    self.said.set(Some((false, done)));
                    self.reload.run(());
                }
                Err(e) => self.said.set(Some((true, e))),
            }
        });
    }

    /// Says what is wrong before anything is sent.
    pub fn refuse(self, text: impl Into<String>) {
        self.said.set(Some((true, text.into())));
    }

    /// The page's message.
    pub fn message(self) -> impl IntoView {
        move || {
            self.said.get().map(|(error, text)| {
                view! { <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p> }
            })
        }
    }
}
