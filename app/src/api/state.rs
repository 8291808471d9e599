//! What every handler and server function gets.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

use super::session::LoginLimiter;
use crate::store::Db;

/// The application state, handed to server functions through context.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub limiter: Arc<LoginLimiter>,
    /// Whether the session cookie gets the `Secure` flag (behind TLS).
    pub secure_cookies: bool,
}
