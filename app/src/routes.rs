//! The whole application's router (server side): the pages, their server functions, the HTTP
//! API, the service worker and the static files. The one module that sees both `api` and `ui`.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, middleware};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::api::guard::guard_writes;
use crate::api::http::{MAX_BODY_BYTES, server_fn_status};
use crate::api::session::pages_need_session;
use crate::api::state::AppState;
use crate::ui::{App, shell};

/// The Content-Security-Policy of whatever is not a page: no inline script at all.
const STATIC_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The application.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", state.leptos_options.site_root, state.leptos_options.site_pkg_dir);
    // Files under /pkg carry a content hash in their names: cache them for a year.
    let pkg = Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")));
    // The pages (and their server functions): every page but the sign-in page needs a session.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, || {}, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route_layer(middleware::from_fn_with_state(state.clone(), pages_need_session))
        .route_layer(middleware::from_fn(server_fn_status));
    Router::new()
        .merge(crate::api::http::router())
        .route("/sw.js", get(service_worker))
        .nest("/pkg", pkg)
        .merge(pages)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), guard_writes))
        // Every response: no sniffing, no referrer to other sites, never in a frame; a page sets
        // its own policy with its nonce, anything else (the app shell, files) gets the default.
        .layer(SetResponseHeaderLayer::if_not_present(CONTENT_SECURITY_POLICY, HeaderValue::from_static(STATIC_POLICY)))
        .layer(SetResponseHeaderLayer::overriding(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The service worker, never cached by HTTP: the browser must see a new build at once.
async fn service_worker(State(state): State<AppState>) -> Response {
    let path = std::path::Path::new(state.leptos_options.site_root.as_ref()).join("sw.js");
    match tokio::fs::read(path).await {
        Ok(body) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
                (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            body,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
