//! Whether the server-rendered page is hydrated yet. Lazy routes hydrate asynchronously (their
//! chunk loads first), and a signal that changes before its text is hydrated leaves the server's
//! text in place for good: so whatever changes state on its own — the sync engine, its live
//! feed — starts only once hydration is over (`after_hydration`).

use std::cell::{Cell, RefCell};

thread_local! {
    static DONE: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Called by the entry point once the page is hydrated (or at once when it is mounted instead):
/// runs what waited for it, then tells the page's script (`branchboard-hydrated`, see
/// `ui::shell`), which lets the service worker download its pieces only now: on a first visit
/// they would otherwise share the line and the processor with the page's own wasm.
pub fn hydration_complete() {
    DONE.set(true);
    for f in WAITING.take() {
        f();
    }
    #[cfg(feature = "hydrate")]
    if let Ok(event) = web_sys::Event::new("branchboard-hydrated") {
        let _ = leptos::prelude::window().dispatch_event(&event);
    }
}

/// Runs `f` now if the page is hydrated, else as soon as it is.
pub fn after_hydration(f: impl FnOnce() + 'static) {
    if DONE.get() {
        f();
    } else {
        WAITING.with_borrow_mut(|w| w.push(Box::new(f)));
    }
}
