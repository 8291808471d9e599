//! Server functions of the planning board.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::board::BoardData;
use crate::error::AppError;
use crate::sync::{PullResponse, PushRequest, PushResponse};

/// The board of a campaign in a commune.
#[server]
pub async fn get_board(commune: String, campaign: String) -> Result<BoardData, AppError> {
    let (state, actor) = super::pages::context().await?;
    let commune = crate::domain::ids::UnitId::parse(&commune).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    let campaign = crate::domain::ids::CampaignId::parse(&campaign).ok_or_else(|| AppError::NotFound("đợt chuyển".into()))?;
    crate::store::board::board(&state.db, &actor, commune, campaign).await
}

/// Sends mutations through the same executor as `POST /api/sync/push`.
#[server(input = Json)]
pub async fn push_mutations(request: PushRequest) -> Result<PushResponse, AppError> {
    let (state, actor) = super::pages::context().await?;
    crate::store::executor::push(&state.db, &actor, &request).await
}

/// The changes in the caller's scope since `since`, as `GET /api/sync/pull`.
#[server]
pub async fn pull_changes(since: i64) -> Result<PullResponse, AppError> {
    let (state, actor) = super::pages::context().await?;
    crate::store::pull::pull(&state.db, &actor, since).await
}
