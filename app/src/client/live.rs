//! The browser side of `GET /api/events`: one EventSource, a callback per poke, and reconnection
//! with backoff (1 s doubling to 30 s) that resumes from the last sequence number seen.

use leptos::prelude::*;

/// Whether the live feed is connected (only the browser leaves `Connecting`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code, reason = "the feed runs in the browser"))]
pub enum Live {
    Connecting,
    Connected,
    Retrying,
}

/// Subscribes to the pokes while the calling component lives; `on_poke` gets each sequence
/// number. Returns the feed's state. Does nothing on the server.
pub fn subscribe_pokes(on_poke: impl Fn(i64) + Clone + 'static) -> RwSignal<Live> {
    let state = RwSignal::new(Live::Connecting);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::connect(Owner::current(), state, on_poke.clone(), -1, 0));
    #[cfg(not(feature = "hydrate"))]
    let _ = on_poke;
    state
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

    use super::Live;

    /// Opens the feed under `owner` (the page), so that leaving the page closes it.
    pub fn connect(owner: Option<Owner>, state: RwSignal<Live>, on_poke: impl Fn(i64) + Clone + 'static, last: i64, failures: u32) {
        let url = if last >= 0 { format!("/api/events?since={last}") } else { "/api/events".to_string() };
        let Ok(source) = EventSource::new(&url) else { return };
        let seen = Rc::new(Cell::new(last));
        let poke = {
            let (seen, on_poke) = (seen.clone(), on_poke.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                state.set(Live::Connected);
                if let Ok(seq) = ev.last_event_id().parse::<i64>() {
                    seen.set(seq);
                    on_poke(seq);
                }
            })
        };
        let _ = source.add_event_listener_with_callback("poke", poke.as_ref().unchecked_ref());
        let open = Closure::<dyn Fn()>::new(move || state.set(Live::Connected));
        source.set_onopen(Some(open.as_ref().unchecked_ref()));
        let failed = {
            let source = source.clone();
            Closure::<dyn Fn()>::new(move || {
                // Our own backoff instead of the browser's fixed retry.
                source.close();
                if state.try_set(Live::Retrying).is_some() {
                    return; // the page is gone
                }
                let delay = super::super::scheduler::backoff(failures + 1).unsigned_abs();
                let on_poke = on_poke.clone();
                let last = seen.get();
                let owner = owner.clone();
                set_timeout(
                    move || match owner.clone() {
                        Some(o) => o.with(|| connect(Some(o.clone()), state, on_poke, last, failures + 1)),
                        None => connect(None, state, on_poke, last, failures + 1),
                    },
                    Duration::from_millis(delay),
                );
            })
        };
        source.set_onerror(Some(failed.as_ref().unchecked_ref()));
        poke.forget();
        open.forget();
        failed.forget();
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || source.close());
    }
}
