//! The HTTP endpoints besides the pages, one module per resource, each with its own router.

mod auth;
mod events;
mod exports;
mod health;
mod sync;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use super::state::AppState;
use crate::error::AppError;

/// Request bodies above this size get 413.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every endpoint of the JSON API, and the health check.
pub fn router() -> Router<AppState> {
    Router::new().merge(health::router()).merge(auth::router()).merge(sync::router()).merge(events::router()).merge(exports::router())
}

/// A server function's error answers with the status it stands for. Errors the function itself
/// returns set it already; an error before it runs (arguments that do not decode) comes out of the
/// server function machinery as a 500, and is given its status here.
pub async fn server_fn_status(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A body that is not the JSON expected: 400 with what is wrong, or 413.
fn bad_json(e: &JsonRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Invalid(format!("Nội dung JSON không hợp lệ: {}", e.body_text()))
    }
}
