//! Server functions behind the pages: context → scope → store → typed error.

use leptos::prelude::*;

use super::views::{BranchPageView, CommuneView, Me, MemberView, OverviewView, ReportView};
use crate::error::AppError;

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
    use crate::domain::scope::Role;
    match context().await {
        Ok((_, actor)) => Ok(Some(Me {
            user_id: actor.user_id.to_string(),
            display_name: actor.display_name.clone(),
            role_label: actor.role.label().to_string(),
            home: match (actor.role, actor.commune_id) {
                (Role::BranchSecretary, _) if actor.branch_id.is_some() => {
                    format!("/chi-bo/{}", actor.branch_id.map(|b| b.to_string()).unwrap_or_default())
                }
                (Role::CommuneStaff | Role::BranchSecretary, Some(c)) => format!("/xa/{c}"),
                _ => "/tong-quan".to_string(),
            },
            manages: actor.manages(),
            district: actor.sees_all(),
        })),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The district overview (district board and administrators).
#[server]
pub async fn get_overview() -> Result<OverviewView, AppError> {
    let (state, actor) = context().await?;
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    crate::store::read::overview(&state.db).await
}

/// A commune page.
#[server]
pub async fn get_commune(id: String) -> Result<CommuneView, AppError> {
    let (state, actor) = context().await?;
    let id = crate::domain::ids::UnitId::parse(&id).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    crate::store::read::commune(&state.db, &actor, id).await
}

/// A member page.
#[server]
pub async fn get_member(id: String) -> Result<MemberView, AppError> {
    let (state, actor) = context().await?;
    let id = crate::domain::ids::MemberId::parse(&id).ok_or_else(|| AppError::NotFound("đảng viên".into()))?;
    crate::store::read::member(&state.db, &actor, id).await
}

/// A branch page (its secretary, the commune's staff, the district).
#[server]
pub async fn get_branch(id: String) -> Result<BranchPageView, AppError> {
    let (state, actor) = context().await?;
    let id = crate::domain::ids::BranchId::parse(&id).ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
    crate::store::read::branch(&state.db, &actor, id).await
}

/// The report page (district board and administrators).
#[server]
pub async fn get_report(year: Option<i32>) -> Result<ReportView, AppError> {
    let (state, actor) = context().await?;
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    crate::store::read::report(&state.db, year).await
}
