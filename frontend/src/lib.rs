#![recursion_limit = "256"]
//! The browser entry point: hydrate the server-rendered page, or, when the service worker served
//! the app shell (no connection, page never opened on this device), mount the app in the browser.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let shell = leptos::prelude::document().body().is_some_and(|b| b.has_attribute("data-app-shell"));
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    if shell {
        app::client::hydration_complete();
        leptos::mount::mount_to_body(app::App);
    } else if app::ui::hydrates_at_once(&path) {
        // The planning board is in the main wasm: hydrated in one pass.
        leptos::mount::hydrate_body(app::App);
        app::client::hydration_complete();
    } else {
        // As `leptos::mount::hydrate_lazy` (lazy routes load their chunk before they hydrate),
        // then tells the app that hydration is over.
        wasm_bindgen_futures::spawn_local(async {
            leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), app::App).await.forget();
            app::client::hydration_complete();
        });
    }
}
