//! The live feed (`GET /api/events`), one per device, held by the sync engine: a poke beyond the
//! device's cursor makes it pull at once, and every page that shows the device's data follows
//! that pull; while the feed is down the engine polls every 10 s. A reconnect resumes from the
//! last number heard, with backoff (1 s doubling to 30 s). The district's pokes carry the
//! refreshed figures of the communes a commit touched, which the overview and the report apply.

use serde::{Deserialize, Serialize};

use crate::domain::report::CommuneFigures;

/// Whether the live feed is connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Live {
    Connecting,
    Connected,
    Retrying,
}

/// A poke: the newest change number, and (for the district) the refreshed figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Poke {
    pub seq: i64,
    /// The kept figures of the commit's communes were refreshed since it (pages showing them
    /// fetch again).
    #[serde(default)]
    pub refreshed: bool,
    #[serde(default)]
    pub figures: Vec<CommuneFigures>,
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    use web_sys::{EventSource, MessageEvent};

    use super::{Live, Poke};
    use crate::client::engine::{SyncEngine, now_millis};
    use crate::client::scheduler::{Scheduler, backoff};

    impl SyncEngine {
        /// Opens the device's feed, resuming after `last` (the number last heard).
        pub(in crate::client) fn listen(self, last: i64, failures: u32) {
            let Ok(source) = EventSource::new(&format!("/api/events?since={last}")) else { return };
            let heard = Rc::new(Cell::new(last));
            let poke = {
                let heard = heard.clone();
                Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                    let Some(poke) = ev.data().as_string().and_then(|d| serde_json::from_str::<Poke>(&d).ok()) else { return };
                    heard.set(heard.get().max(poke.seq));
                    self.heard(poke);
                })
            };
            let _ = source.add_event_listener_with_callback("poke", poke.as_ref().unchecked_ref());
            let opened = Rc::new(Cell::new(false));
            let open = {
                let opened = opened.clone();
                Closure::<dyn Fn()>::new(move || {
                    opened.set(true);
                    self.live.set(Live::Connected);
                    self.timers.update_value(|t| t.set_live(now_millis(), true));
                })
            };
            source.set_onopen(Some(open.as_ref().unchecked_ref()));
            let failed = {
                let source = source.clone();
                Closure::<dyn Fn()>::new(move || {
                    // Our own backoff instead of the browser's fixed retry; polling meanwhile.
                    source.close();
                    self.live.set(Live::Retrying);
                    self.timers.update_value(|t| t.set_live(now_millis(), false));
                    self.tick();
                    let failures = if opened.get() { 0 } else { failures + 1 };
                    let last = heard.get();
                    set_timeout(move || self.listen(last, failures), Duration::from_millis(backoff(failures.max(1)).unsigned_abs()));
                })
            };
            source.set_onerror(Some(failed.as_ref().unchecked_ref()));
            poke.forget();
            open.forget();
            failed.forget();
        }

        /// A poke: news beyond what the device pulled is pulled at once (a device that holds
        /// nothing yet waits for its first pull, which brings everything).
        fn heard(self, poke: Poke) {
            // A "refreshed" poke follows the poke of its commit, which already asked for the pull.
            let behind = !poke.refreshed && self.with_untracked(|r| !r.base.is_empty() && poke.seq > r.cursor).unwrap_or(false);
            self.poke.set(Some(poke));
            if behind {
                self.timers.update_value(Scheduler::pull_soon);
                self.tick();
            }
        }
    }
}
