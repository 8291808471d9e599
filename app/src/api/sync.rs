//! The sync protocol as server functions: how the browser's engine pushes and pulls (the same
//! executor and pull as `POST /api/sync/push` and `GET /api/sync/pull`).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::codec::JsonText;
use crate::error::AppError;
use crate::sync::{PullResponse, PushRequest, PushResponse};

/// Sends mutations through the executor.
#[server(input = Json, output = JsonText)]
pub async fn push_mutations(request: PushRequest) -> Result<PushResponse, AppError> {
    super::pages::answer(|state, actor| async move { crate::store::executor::push(&state.db, &actor, &request).await }).await
}

/// The changes in the caller's scope since `since`.
#[server(output = JsonText)]
pub async fn pull_changes(since: i64) -> Result<PullResponse, AppError> {
    super::pages::answer(|state, actor| async move { crate::store::pull::pull(&state.db, &actor, since).await }).await
}
