//! `POST /api/auth/login` and `POST /api/auth/logout`: sessions in cookies.

use axum::extract::{FromRequest, Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use serde::Deserialize;

use super::bad_json;
use crate::api::paths::{safe_next, sign_in_path};
use crate::api::session::{self, see_other};
use crate::api::state::AppState;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::auth;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/auth/login", post(login)).route("/api/auth/logout", post(logout))
}

#[derive(Deserialize)]
struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The page to come back to (the login page's form).
    #[serde(default)]
    next: String,
}

/// `POST /api/auth/login`, JSON (`{username, password}`) or the login page's form.
async fn login(State(state): State<AppState>, request: Request) -> Response {
    let is_json = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    let credentials = if is_json {
        Json::<Credentials>::from_request(request, &state).await.map(|Json(c)| c).map_err(|e| bad_json(&e))
    } else {
        Form::<Credentials>::from_request(request, &state)
            .await
            .map(|Form(c)| c)
            .map_err(|_| AppError::Invalid("Biểu mẫu không hợp lệ.".into()))
    };
    let (result, next) = match credentials {
        Ok(c) => (check_login(&state, &c).await, c.next),
        Err(e) => (Err(e), String::new()),
    };
    let next = safe_next(&next).unwrap_or("/");
    let mut headers = HeaderMap::new();
    match (result, is_json) {
        (Ok((token, actor)), json) => {
            session::set_cookie(&mut headers, session::session_cookie(Some(&token), state.secure_cookies));
            tracing::info!(user = %actor.username, "signed in");
            if json {
                (headers, Json(serde_json::json!({ "ok": true, "display_name": actor.display_name, "role": actor.role.code() })))
                    .into_response()
            } else {
                (headers, see_other(next)).into_response()
            }
        }
        (Err(e), true) => e.into_response(),
        (Err(e), false) => {
            let code = match e {
                AppError::TooManyAttempts(minutes) => format!("khoa-{minutes}"),
                AppError::BadCredentials => "sai".into(),
                AppError::Invalid(_) => "thieu".into(),
                _ => "loi".into(),
            };
            // Back to the form with the reason, still bound for the same page.
            let again = sign_in_path(next);
            let sep = if again.contains('?') { '&' } else { '?' };
            (headers, see_other(&format!("{again}{sep}loi={code}"))).into_response()
        }
    }
}

async fn check_login(state: &AppState, c: &Credentials) -> Result<(String, Actor), AppError> {
    if c.username.trim().is_empty() || c.password.is_empty() {
        return Err(AppError::Invalid("Hãy nhập tên đăng nhập và mật khẩu.".into()));
    }
    let key = c.username.trim().to_lowercase();
    state.limiter.check(&key)?;
    match auth::login(&state.db, &c.username, &c.password).await {
        Ok(done) => {
            state.limiter.succeeded(&key);
            Ok(done)
        }
        Err(AppError::BadCredentials) => {
            state.limiter.failed(&key);
            tracing::warn!(user = %key, "failed sign-in");
            Err(AppError::BadCredentials)
        }
        Err(e) => Err(e),
    }
}

/// `POST /api/auth/logout`: ends the session; a form post goes back to the login page.
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session::token_from(&headers) {
        auth::logout(&state.db, &token).await?;
    }
    let mut out = HeaderMap::new();
    session::set_cookie(&mut out, session::session_cookie(None, state.secure_cookies));
    let is_json = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        Ok((out, Json(serde_json::json!({ "ok": true }))).into_response())
    } else {
        out.insert(LOCATION, HeaderValue::from_static("/dang-nhap"));
        Ok((StatusCode::SEE_OTHER, out).into_response())
    }
}
