//! The HTML document around the app (server side only).

use leptos::nonce::use_nonce;
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

/// Registers the service worker (after the page has loaded) and asks it to keep a copy of each
/// page the user opens. A new worker's install downloads every asset again, the wasm's pieces
/// among them: it waits until this page answers (`branchboard-hydrated`, from
/// `client::hydration_complete`), or 5 s (`public/sw.js`), so as to share neither the line nor
/// the processor with the page's own wasm on a first visit.
const OFFLINE_SHELL: &str = "if ('serviceWorker' in navigator) {\
  const keep = () => navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage({ keep: location.pathname + location.search }));\
  const first = !navigator.serviceWorker.controller;\
  let hydrated = false, registration = null;\
  const precache = () => { const w = registration && (registration.installing || registration.waiting); if (hydrated && w) w.postMessage({ precache: true }); };\
  addEventListener('branchboard-hydrated', () => { hydrated = true; precache(); });\
  addEventListener('load', () => navigator.serviceWorker.register('/sw.js').then((r) => { registration = r; precache(); if (first) keep(); }));\
  const push = history.pushState;\
  history.pushState = function (...args) { const done = push.apply(this, args); keep(); return done; };\
  addEventListener('popstate', keep);\
}";

/// The Content-Security-Policy of a page: scripts only from this site or carrying the page's
/// nonce (and WebAssembly), nothing in a frame, forms and connections to this site only. Inline
/// styles stay allowed: the board positions the dragged card with a `style` attribute.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The document shell: head, hydration scripts, and the app. Its Content-Security-Policy names
/// the nonce every script of the page carries (Leptos's hydration and streaming scripts, ours).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = use_nonce();
    if let (Some(n), Some(response)) = (&nonce, use_context::<leptos_axum::ResponseOptions>())
        && let Ok(policy) = http::HeaderValue::from_str(&content_security_policy(n))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
    }
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
                <script nonce=nonce>{OFFLINE_SHELL}</script>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
