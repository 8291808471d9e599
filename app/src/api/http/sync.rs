//! `POST /api/sync/push` and `GET /api/sync/pull`: the sync protocol over plain HTTP.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::bad_json;
use crate::api::session::CurrentUser;
use crate::api::state::AppState;
use crate::error::AppError;
use crate::store::{executor, pull};
use crate::sync::PushRequest;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/sync/push", post(push)).route("/api/sync/pull", get(pull_changes))
}

/// `POST /api/sync/push`.
async fn push(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(request) = body.map_err(|e| bad_json(&e))?;
    let reply = executor::push(&state.db, &actor, &request).await?;
    tracing::info!(user = ?actor.username, mutations = request.mutations.len(), "push");
    Ok(Json(reply).into_response())
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
