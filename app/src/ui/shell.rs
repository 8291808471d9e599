//! The HTML document around the app (server side only).

use leptos::prelude::*;
use leptos_meta::MetaTags;
use std::sync::OnceLock;

use super::App;

/// The stylesheet's URL, with the content hash the build wrote to `hash.txt` beside the binary.
fn stylesheet(options: &LeptosOptions) -> String {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        let mut name = options.output_name.to_string();
        if options.hash_files {
            let hashes = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                .and_then(|path| std::fs::read_to_string(path).ok())
                .unwrap_or_default();
            if let Some(hash) = hashes.lines().find_map(|l| l.strip_prefix("css:")) {
                name = format!("{name}.{}", hash.trim());
            }
        }
        format!("/{}/{name}.css", options.site_pkg_dir)
    })
    .clone()
}

/// Registers the service worker and asks it to keep a copy of each page the user opens. After
/// the page has loaded: installing the worker downloads the assets again, which must not slow
/// the first open.
const OFFLINE_SHELL: &str = "if ('serviceWorker' in navigator) {\
  const keep = () => navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage({ keep: location.pathname + location.search }));\
  const first = !navigator.serviceWorker.controller;\
  addEventListener('load', () => navigator.serviceWorker.register('/sw.js').then(() => { if (first) keep(); }));\
  const push = history.pushState;\
  history.pushState = function (...args) { const done = push.apply(this, args); keep(); return done; };\
  addEventListener('popstate', keep);\
}";

/// The document shell: head, hydration scripts, and the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="vi">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#9b1c1c"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=stylesheet(&options)/>
                <HydrationScripts options/>
                <MetaTags/>
                // The offline app shell: the service worker keeps the assets and every page opened,
                // including pages reached inside the app (history.pushState) and the first one.
                <script>{OFFLINE_SHELL}</script>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
