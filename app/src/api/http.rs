//! The HTTP surface besides the pages: auth, sync, health; and the router that ties it together.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::session::{self, CurrentUser};
use super::state::AppState;
use crate::error::AppError;
use crate::store::{auth, executor, pull};
use crate::sync::PushRequest;
use crate::ui::{App, shell};

/// Request bodies above this size get 413.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The whole application: pages, server functions, the JSON API and the static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", state.leptos_options.site_root, state.leptos_options.site_pkg_dir);
    // Files under /pkg carry a content hash in their names: cache them for a year.
    let pkg = Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(service_worker))
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
        .route("/api/sync/push", post(push))
        .route("/api/sync/pull", get(pull_changes))
        .route("/api/events", get(events))
        .route("/api/report.csv", get(report_csv))
        .route("/api/report.xlsx", get(report_xlsx))
        .nest("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, || {}, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .with_state(state)
}

#[derive(Deserialize)]
struct EventsQuery {
    /// The last sequence number seen (when reconnecting by hand; the browser's own reconnection
    /// sends `Last-Event-ID`).
    since: Option<i64>,
}

fn poke(seq: i64) -> axum::response::sse::Event {
    axum::response::sse::Event::default().event("poke").id(seq.to_string()).data(format!("{{\"seq\":{seq}}}"))
}

/// `GET /api/events`: Server-Sent Events. A small "poke" with the newest change sequence number
/// (also the event id) whenever a commit touches the caller's scope; nothing else crosses, so a
/// poke reveals no data. A client that reconnects with `Last-Event-ID` (or `?since=`) older than
/// the newest commit is poked at once.
async fn events(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    use axum::response::sse::{KeepAlive, Sse};
    use tokio::sync::broadcast::error::RecvError;
    let last_seen = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok()).or(query.since);
    let commits = state.db.commits();
    let newest = state.db.newest_seq().await?;
    let resume = last_seen.filter(|seen| *seen < newest).map(|_| newest);
    let db = state.db.clone();
    let stream = futures_util::stream::unfold((commits, resume), move |(mut commits, resume)| {
        let (db, actor) = (db.clone(), actor.clone());
        async move {
            if let Some(seq) = resume {
                return Some((Ok::<_, std::convert::Infallible>(poke(seq)), (commits, None)));
            }
            loop {
                match commits.recv().await {
                    Ok(commit) if commit.communes.iter().any(|c| actor.hears_of(*c)) => {
                        return Some((Ok(poke(commit.seq)), (commits, None)));
                    }
                    Ok(_) => {}
                    // Too slow to follow every commit: one poke with the newest number covers them.
                    Err(RecvError::Lagged(_)) => {
                        let seq = db.newest_seq().await.unwrap_or(0);
                        return Some((Ok(poke(seq)), (commits, None)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))).into_response())
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

async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(Deserialize)]
struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
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
    let result = match credentials {
        Ok(c) => check_login(&state, &c).await,
        Err(e) => Err(e),
    };
    let mut headers = HeaderMap::new();
    match (result, is_json) {
        (Ok((token, actor)), json) => {
            session::set_cookie(&mut headers, session::session_cookie(Some(&token), state.secure_cookies));
            tracing::info!(user = %actor.username, "signed in");
            if json {
                (headers, Json(serde_json::json!({ "ok": true, "display_name": actor.display_name, "role": actor.role.code() })))
                    .into_response()
            } else {
                headers.insert(LOCATION, HeaderValue::from_static("/"));
                (StatusCode::SEE_OTHER, headers).into_response()
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
            let location = HeaderValue::from_str(&format!("/dang-nhap?loi={code}")).unwrap_or(HeaderValue::from_static("/dang-nhap"));
            headers.insert(LOCATION, location);
            (StatusCode::SEE_OTHER, headers).into_response()
        }
    }
}

async fn check_login(state: &AppState, c: &Credentials) -> Result<(String, crate::domain::scope::Actor), AppError> {
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

fn bad_json(e: &JsonRejection) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Invalid(format!("Nội dung JSON không hợp lệ: {}", e.body_text()))
    }
}

/// `POST /api/sync/push`.
async fn push(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(request) = body.map_err(|e| bad_json(&e))?;
    let reply = executor::push(&state.db, &actor, &request).await?;
    tracing::info!(user = %actor.username, mutations = request.mutations.len(), "push");
    Ok(Json(reply).into_response())
}

#[derive(Deserialize)]
struct ReportParams {
    /// The year of the ratings table (the newest rated year by default).
    nam: Option<i32>,
}

/// The report's tables for the district board (the report is theirs).
async fn report_tables(
    state: &AppState,
    actor: &crate::domain::scope::Actor,
    year: Option<i32>,
) -> Result<Vec<crate::domain::report::Table>, AppError> {
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    Ok(crate::store::read::report(&state.db, year).await?.tables)
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /api/report.csv?nam=YYYY`.
async fn report_csv(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(p): Query<ReportParams>,
) -> Result<Response, AppError> {
    let tables = report_tables(&state, &actor, p.nam).await?;
    let title = "Kết quả chuyển đảng viên công tác tại xã, thị trấn về sinh hoạt đảng tại chi bộ ấp, khóm";
    Ok(download(crate::export::csv(title, &tables), "text/csv; charset=utf-8", "bao-cao-chuyen-sinh-hoat.csv"))
}

/// `GET /api/report.xlsx?nam=YYYY`.
async fn report_xlsx(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(p): Query<ReportParams>,
) -> Result<Response, AppError> {
    let tables = report_tables(&state, &actor, p.nam).await?;
    Ok(download(
        crate::export::xlsx(&tables),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "bao-cao-chuyen-sinh-hoat.xlsx",
    ))
}

#[derive(Deserialize)]
struct PullParams {
    #[serde(default)]
    since: i64,
}

/// `GET /api/sync/pull?since=SEQ`.
async fn pull_changes(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    params: Result<Query<PullParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(params) = params.map_err(|_| AppError::Invalid("Tham số «since» phải là một số nguyên.".into()))?;
    Ok(Json(pull::pull(&state.db, &actor, params.since).await?).into_response())
}
