//! `POST /api/auth/login` and `POST /api/auth/logout`: sessions in cookies.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, Request, State};
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
use crate::domain::throttle::{PER_ADDRESS, PER_USER_AND_ADDRESS, minutes};
use crate::error::AppError;
use crate::store::auth::SignedIn;
use crate::store::{auth, now_millis, sign_ins};

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

/// The address a request comes from: the connection's peer, or — behind a reverse proxy that
/// is trusted to set it — the last address in `X-Forwarded-For` (the one the proxy added).
pub(crate) fn client_address(request: &Request, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').map(str::trim).find(|a| !a.is_empty()))
        .and_then(|a| a.parse::<IpAddr>().ok());
    let peer = || request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    forwarded.or_else(peer).map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

/// `POST /api/auth/login`, JSON (`{username, password}`) or the login page's form.
async fn login(State(state): State<AppState>, request: Request) -> Response {
    let address = client_address(&request, state.settings.trust_forwarded_for);
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
        Ok(c) => (check_login(&state, &c, &address).await, c.next),
        Err(e) => (Err(e), String::new()),
    };
    let next = safe_next(&next).unwrap_or("/");
    let mut headers = HeaderMap::new();
    match (result, is_json) {
        (Ok((token, user)), json) => {
            session::set_cookie(&mut headers, session::session_cookie(Some(&token), state.settings.secure_cookies));
            tracing::info!(user = ?user.actor.username, "signed in");
            if json {
                let body = serde_json::json!({
                    "ok": true,
                    "display_name": user.actor.display_name,
                    "role": user.actor.role.code(),
                    "must_change_password": user.must_change_password,
                });
                (headers, Json(body)).into_response()
            } else if user.must_change_password {
                // A one-time password is changed before anything else.
                (headers, see_other(crate::api::paths::CHANGE_PASSWORD)).into_response()
            } else {
                (headers, see_other(next)).into_response()
            }
        }
        (Err(e), true) => e.into_response(),
        (Err(e), false) => {
            let code = match e {
                AppError::TooManyAttempts(minutes) => format!("khoa-{minutes}"),
                AppError::BadCredentials => "sai".into(),
                AppError::AccountDisabled => "da-khoa".into(),
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

/// Checks the password, unless the address, or the username from this address, failed too often
/// lately (the failures are kept in the database; see `domain::throttle`). Another address is
/// never slowed down by them: nobody can lock someone else out.
async fn check_login(state: &AppState, c: &Credentials, address: &str) -> Result<(String, SignedIn), AppError> {
    if c.username.trim().is_empty() || c.password.is_empty() {
        return Err(AppError::Invalid("Hãy nhập tên đăng nhập và mật khẩu.".into()));
    }
    let username = c.username.trim().to_lowercase();
    let keys = [(format!("addr:{address}"), PER_ADDRESS), (format!("user:{username}|{address}"), PER_USER_AND_ADDRESS)];
    let now = now_millis();
    let mut wait = 0;
    for (key, throttle) in &keys {
        wait = wait.max(throttle.remaining(sign_ins::get(&mut *state.db.pool.acquire().await?, key).await?, now));
    }
    if wait > 0 {
        return Err(AppError::TooManyAttempts(minutes(wait)));
    }
    match auth::login(&state.db, &c.username, &c.password).await {
        Ok(done) => {
            sign_ins::forget(&mut *state.db.pool.acquire().await?, &keys[1].0).await?;
            Ok(done)
        }
        Err(AppError::BadCredentials) => {
            let mut conn = state.db.pool.acquire().await?;
            for (key, throttle) in &keys {
                let failures = throttle.failed(sign_ins::get(&mut conn, key).await?, now);
                sign_ins::save(&mut conn, key, failures).await?;
            }
            log_failed_sign_in(&username, address);
            Err(AppError::BadCredentials)
        }
        Err(e) => Err(e),
    }
}

/// What a failed sign-in leaves in the log: the typed username escaped (`?`), so that a name
/// with a line break or terminal escapes cannot forge a log line.
fn log_failed_sign_in(username: &str, address: &str) {
    tracing::warn!(user = ?username, address = ?address, "failed sign-in");
}

/// `POST /api/auth/logout`: ends the session; a form post goes back to the login page.
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session::token_from(&headers) {
        auth::logout(&state.db, &token).await?;
    }
    let mut out = HeaderMap::new();
    session::set_cookie(&mut out, session::session_cookie(None, state.settings.secure_cookies));
    let is_json = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        Ok((out, Json(serde_json::json!({ "ok": true }))).into_response())
    } else {
        out.insert(LOCATION, HeaderValue::from_static("/dang-nhap"));
        Ok((StatusCode::SEE_OTHER, out).into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// The log as text, written by a real `tracing` subscriber.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_typed_username_cannot_forge_a_log_line() {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        let forged = "x\n2026-11-29T00:00:00Z  INFO app::api::http: signed in user=bantochuc\u{1b}[2K";
        tracing::subscriber::with_default(subscriber, || log_failed_sign_in(forged, "127.0.0.1"));
        let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1, "one record, one line: {text:?}");
        assert!(!text.contains('\u{1b}'), "no terminal escape reaches the log: {text:?}");
        assert!(text.contains("failed sign-in") && text.contains("\\n2026"), "the name is kept, escaped: {text:?}");
    }

    #[test]
    fn the_address_is_the_peer_unless_a_trusted_proxy_says_otherwise() {
        let request = |forwarded: Option<&str>| {
            let mut r = Request::new(axum::body::Body::empty());
            r.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 2], 40_000))));
            if let Some(f) = forwarded {
                r.headers_mut().insert("x-forwarded-for", f.parse().unwrap());
            }
            r
        };
        assert_eq!(client_address(&request(None), false), "127.0.0.2");
        assert_eq!(client_address(&request(Some("10.0.0.9")), false), "127.0.0.2", "not trusted: ignored");
        assert_eq!(client_address(&request(Some("1.2.3.4, 10.0.0.9")), true), "10.0.0.9", "the address the proxy added");
        assert_eq!(client_address(&request(Some("garbage")), true), "127.0.0.2");
        assert_eq!(client_address(&Request::new(axum::body::Body::empty()), false), "unknown");
    }
}
