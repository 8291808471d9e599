use leptos::prelude::*;

/// Whether the page still waits for its code: a form that the code checks and queues keeps its
/// submit button disabled until then, since a submit before would be the browser's own — a reload
/// that loses what was typed. (The server renders it disabled; the browser enables it once
/// hydrated, when effects first run.)
pub fn before_hydration() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    move || !ready.get()
}
