//! The pages' data: one server function per page, called by the server render and by the
//! browser. Each is thin — who asks, then the page's module under `pages/` (scope check → store →
//! domain → view), the only place a page is assembled.

use leptos::prelude::*;

use super::views::{BranchPageView, CommuneView, Me, MemberView, OverviewView, ReportView};
use crate::board::BoardData;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub mod board;
#[cfg(feature = "ssr")]
pub mod branch;
#[cfg(feature = "ssr")]
pub mod commune;
#[cfg(feature = "ssr")]
mod me;
#[cfg(feature = "ssr")]
pub mod member;
#[cfg(feature = "ssr")]
pub mod overview;
#[cfg(feature = "ssr")]
mod parts;
#[cfg(feature = "ssr")]
pub mod report;

/// The state and the signed-in user of the request a server function answers.
#[cfg(feature = "ssr")]
pub(crate) async fn context() -> Result<(super::state::AppState, crate::domain::scope::Actor), AppError> {
    let state = use_context::<super::state::AppState>().ok_or(AppError::Internal)?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let actor = super::session::actor(&state, &parts.headers).await?;
    Ok((state, actor))
}

/// The signed-in user, or `None`.
#[server]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    match context().await {
        Ok((_, actor)) => Ok(Some(me::of(&actor))),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The district overview.
#[server]
pub async fn get_overview() -> Result<OverviewView, AppError> {
    let (state, actor) = context().await?;
    overview::load(&state.db, &actor).await
}

/// A commune page.
#[server]
pub async fn get_commune(id: String) -> Result<CommuneView, AppError> {
    let (state, actor) = context().await?;
    commune::load(&state.db, &actor, &id).await
}

/// A member page.
#[server]
pub async fn get_member(id: String) -> Result<MemberView, AppError> {
    let (state, actor) = context().await?;
    member::load(&state.db, &actor, &id).await
}

/// A branch page.
#[server]
pub async fn get_branch(id: String) -> Result<BranchPageView, AppError> {
    let (state, actor) = context().await?;
    branch::load(&state.db, &actor, &id).await
}

/// The report page.
#[server]
pub async fn get_report(year: Option<i32>) -> Result<ReportView, AppError> {
    let (state, actor) = context().await?;
    report::load(&state.db, &actor, year).await
}

/// The planning board of a campaign in a commune.
#[server]
pub async fn get_board(commune: String, campaign: String) -> Result<BoardData, AppError> {
    let (state, actor) = context().await?;
    board::load(&state.db, &actor, &commune, &campaign).await
}
