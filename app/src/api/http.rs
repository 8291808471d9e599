//! The HTTP endpoints besides the pages, one module per resource, each with its own router.

mod auth;
mod events;
mod exports;
mod health;
mod sync;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

use super::state::AppState;
use crate::error::AppError;

/// Request bodies above this size get 413.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every endpoint of the JSON API, and the health check.
pub fn router() -> Router<AppState> {
    Router::new().merge(health::router()).merge(auth::router()).merge(sync::router()).merge(events::router()).merge(exports::router())
}

/// A body that is not the JSON expected: 400 with what is wrong, or 413.
fn bad_json(e: &JsonRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Invalid(format!("Nội dung JSON không hợp lệ: {}", e.body_text()))
    }
}
