//! The pages' data: one server function per page, called by the server render and by the
//! browser. Each is thin — who asks, then the page's module under `pages/` (scope check → store →
//! domain → view), the only place a page is assembled.

use leptos::prelude::*;

use super::codec::JsonText;
use super::views::{BranchPageView, CommuneView, Me, MemberView, OverviewView, ReportView};
use crate::board::BoardData;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod board;
#[cfg(feature = "ssr")]
pub mod branch;
#[cfg(feature = "ssr")]
pub mod campaigns;
#[cfg(feature = "ssr")]
pub mod commune;
#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub(crate) mod me;
#[cfg(feature = "ssr")]
pub mod member;
#[cfg(feature = "ssr")]
pub mod org;
#[cfg(feature = "ssr")]
pub mod overview;
#[cfg(feature = "ssr")]
mod parts;
#[cfg(feature = "ssr")]
pub mod register;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod setup;

/// The state and the signed-in user of the request a server function answers (the user the
/// page middleware already found, if it ran), even one who must still change a one-time password.
#[cfg(feature = "ssr")]
pub(crate) async fn signed_in() -> Result<(super::state::AppState, crate::store::auth::SignedIn), AppError> {
    let state = use_context::<super::state::AppState>().ok_or(AppError::Internal)?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    if let Some(user) = parts.extensions.get::<crate::store::auth::SignedIn>() {
        return Ok((state, user.clone()));
    }
    let user = super::session::signed_in(&state, &parts.headers).await?;
    Ok((state, user))
}

/// [`signed_in`], for a user who may work (a one-time password changed).
#[cfg(feature = "ssr")]
pub(crate) async fn context() -> Result<(super::state::AppState, crate::domain::scope::Actor), AppError> {
    let (state, user) = signed_in().await?;
    Ok((state, super::session::working(user)?))
}

/// Answers a server function for the signed-in user: an error gets the HTTP status it stands for
/// (401, 403, 404, 400, 409; 500 only for a fault of the server, logged where it happened) — on
/// the server function's own response, or on the page whose render called it.
#[cfg(feature = "ssr")]
pub(crate) async fn answer<T, F>(load: impl FnOnce(super::state::AppState, crate::domain::scope::Actor) -> F) -> Result<T, AppError>
where
    F: std::future::Future<Output = Result<T, AppError>>,
{
    let result = match context().await {
        Ok((state, actor)) => load(state, actor).await,
        Err(e) => Err(e),
    };
    if let Err(e) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(e.status());
    }
    result
}

/// The signed-in user, or `None`.
#[server(output = JsonText)]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    match signed_in().await {
        Ok((_, user)) => Ok(Some(Me { must_change_password: user.must_change_password, ..me::of(&user.actor) })),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The district overview.
#[server(output = JsonText)]
pub async fn get_overview() -> Result<OverviewView, AppError> {
    answer(|state, actor| async move { overview::load(&state.db, &actor).await }).await
}

/// A commune page.
#[server(output = JsonText)]
pub async fn get_commune(id: String) -> Result<CommuneView, AppError> {
    answer(|state, actor| async move { commune::load(&state.db, &actor, &id).await }).await
}

/// A member page.
#[server(output = JsonText)]
pub async fn get_member(id: String) -> Result<MemberView, AppError> {
    answer(|state, actor| async move { member::load(&state.db, &actor, &id).await }).await
}

/// A branch page.
#[server(output = JsonText)]
pub async fn get_branch(id: String) -> Result<BranchPageView, AppError> {
    answer(|state, actor| async move { branch::load(&state.db, &actor, &id).await }).await
}

/// The organisation page, as of a date (dd/mm/yyyy; today when empty).
#[server(output = JsonText)]
pub async fn get_org(as_of: Option<String>) -> Result<super::views::OrgView, AppError> {
    answer(|state, actor| async move { org::load(&state.db, &actor, as_of.as_deref()).await }).await
}

/// The campaigns page.
#[server(output = JsonText)]
pub async fn get_register(id: String) -> Result<super::views::RegisterView, AppError> {
    answer(|state, actor| async move { register::load(&state.db, &actor, &id).await.map(|(view, _)| view) }).await
}

/// An uploaded member list read and checked (nothing is written). `request` is an
/// [`ImportRequest`](super::views::ImportRequest) as JSON (its lists travel whole that way). A
/// stable path, for `make bench`.
#[server(endpoint = "preview_import", output = JsonText)]
pub async fn preview_import(commune: String, request: String) -> Result<super::views::ImportPreview, AppError> {
    let request: super::views::ImportRequest =
        serde_json::from_str(&request).map_err(|_| AppError::Invalid("Yêu cầu nhập danh sách không hợp lệ.".into()))?;
    answer(|state, actor| async move {
        import::preview(&state.db, &actor, &commune, &request.data_url, &request.mapping, &request.hamlets).await
    })
    .await
}

/// The change history page (`query`: the filters of its address).
#[server(output = JsonText)]
pub async fn get_history(query: crate::domain::history::HistoryQuery) -> Result<super::views::HistoryView, AppError> {
    answer(|state, actor| async move { history::load(&state.db, &actor, query).await }).await
}

#[server(output = JsonText)]
pub async fn get_setup() -> Result<super::views::SetupView, AppError> {
    answer(|state, actor| async move { setup::load(&state.db, &actor).await }).await
}

#[server(output = JsonText)]
pub async fn get_campaigns() -> Result<super::views::CampaignsView, AppError> {
    answer(|state, actor| async move { campaigns::load(&state.db, &actor).await }).await
}

/// The report page.
#[server(output = JsonText)]
pub async fn get_report(year: Option<i32>, as_of: Option<String>) -> Result<ReportView, AppError> {
    answer(|state, actor| async move { report::load(&state.db, &actor, year, as_of.as_deref()).await }).await
}

/// The planning board of a campaign in a commune.
#[server(output = JsonText)]
pub async fn get_board(commune: String, campaign: String) -> Result<BoardData, AppError> {
    answer(|state, actor| async move { board::load(&state.db, &actor, &commune, &campaign).await }).await
}
