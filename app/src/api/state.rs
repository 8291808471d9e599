//! What every handler and server function gets.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

use crate::store::Db;

/// The application state, handed to server functions through context.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
}

/// The settings of the HTTP surface (the server reads them from its environment).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Mark the session cookie `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Origins besides the site's own (its `Host`) from which a browser may change anything,
    /// e.g. `https://branchboard.example.vn` behind a reverse proxy that rewrites `Host`.
    pub allowed_origins: Vec<String>,
    /// Take the client's address from `X-Forwarded-For` (only behind a reverse proxy that sets
    /// it; otherwise anyone could claim any address).
    pub trust_forwarded_for: bool,
}
