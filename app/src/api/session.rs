//! Sessions in cookies, and the pages that need one.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::AppState;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::auth::{self, SignedIn};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "bb_session";

/// The session token in the request's cookies.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value that opens (`Some(token)`) or clears (`None`) the session.
pub fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = match token {
        Some(t) => format!("{COOKIE_NAME}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", auth::SESSION_DAYS * 86_400),
        None => format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(""))
}

/// Adds a `Set-Cookie` header.
pub fn set_cookie(headers: &mut HeaderMap, value: HeaderValue) {
    headers.append(SET_COOKIE, value);
}

/// The signed-in user of a request, even one who must still change a one-time password.
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<SignedIn, AppError> {
    let token = token_from(headers).ok_or(AppError::Unauthenticated)?;
    auth::session(&state.db, &token).await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in user of a request; refused until a one-time password has been changed.
pub async fn actor(state: &AppState, headers: &HeaderMap) -> Result<Actor, AppError> {
    working(signed_in(state, headers).await?)
}

/// The user, once they may work (their one-time password changed).
pub fn working(user: SignedIn) -> Result<Actor, AppError> {
    if user.must_change_password { Err(AppError::PasswordChangeRequired) } else { Ok(user.actor) }
}

/// A `303 See Other` to `location` (a path of this site).
pub fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::SEE_OTHER, [(LOCATION, v)]).into_response(),
        Err(_) => (StatusCode::SEE_OTHER, [(LOCATION, HeaderValue::from_static("/"))]).into_response(),
    }
}

/// Every page but the sign-in page needs a session: without one the browser is sent to the sign-in
/// page, which brings it back afterwards; `/` sends a signed-in user to where they work. The user
/// found stays with the request, for the page's server functions.
pub async fn pages_need_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if request.method() != Method::GET || path.starts_with("/api/") || path == crate::api::paths::SIGN_IN {
        return next.run(request).await;
    }
    match signed_in(&state, request.headers()).await {
        // A one-time password is changed before anything else.
        Ok(user) if user.must_change_password && path != crate::api::paths::CHANGE_PASSWORD => {
            see_other(crate::api::paths::CHANGE_PASSWORD)
        }
        Ok(user) if path == "/" => see_other(&crate::api::pages::me::of(&user.actor).home),
        Ok(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Err(AppError::Unauthenticated) => {
            let page = request.uri().path_and_query().map_or(path, |p| p.as_str());
            see_other(&crate::api::paths::sign_in_path(page))
        }
        Err(e) => e.into_response(),
    }
}

/// Extractor: the signed-in user, or 401.
pub struct CurrentUser(pub Actor);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let State(state): State<AppState> = State::from_request_parts(parts, state).await.map_err(|_| AppError::Internal)?;
        actor(&state, &parts.headers).await.map(CurrentUser)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_the_cookie_header() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; bb_session=abc; z=2"));
        assert_eq!(token_from(&h).as_deref(), Some("abc"));
        let cookie = session_cookie(Some("abc"), false);
        let text = cookie.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax") && !text.contains("Secure"));
    }
}
