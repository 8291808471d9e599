#![recursion_limit = "256"]
//! The browser entry point: hydrate the server-rendered page, or, when the service worker served
//! the app shell (no connection, page never opened on this device), mount the app in the browser.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let shell = leptos::prelude::document().body().is_some_and(|b| b.has_attribute("data-app-shell"));
    if shell {
        leptos::mount::mount_to_body(app::App);
    } else {
        leptos::mount::hydrate_body(app::App);
    }
}
