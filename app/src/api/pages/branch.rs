//! `/chi-bo/:id`: a branch's members today with their flags and this year's evaluation, this
//! month's meeting and the recent ones — the branch secretary's page.

use super::parts::{Activity, row};
use crate::api::views::{BranchMember, BranchPageView};
use crate::domain::account;
use crate::domain::evaluation::SubjectKind;
use crate::domain::history::HistoryQuery;
use crate::domain::ids::BranchId;
use crate::domain::meeting::{default_kind, this_months};
use crate::domain::member::Member;
use crate::domain::scope::Actor;
use crate::domain::text::sort_by_name;
use crate::error::AppError;
use crate::store::{Db, branches, evaluations, meetings, members, memberships, today, units, users};

/// How many past meetings the page lists.
const RECENT_MEETINGS: i64 = 6;

/// A branch page (its secretary, the commune's staff, the district).
pub async fn load(db: &Db, actor: &Actor, id: &str) -> Result<BranchPageView, AppError> {
    let branch_id = BranchId::parse(id).ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
    let mut conn = db.pool.acquire().await?;
    let b = branches::get(&mut conn, branch_id).await?.ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
    if !actor.can_read_branch(b.commune_id, b.id) {
        return Err(AppError::Forbidden);
    }
    let commune_id = b.commune_id.ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
    let today = today();
    let year = today.year();
    let units = units::names(&mut conn).await?;
    let official = memberships::official_members_on(&mut conn, b.id, today).await?;
    let mut members: Vec<Member> =
        members::of_commune(&mut conn, Some(commune_id)).await?.into_iter().filter(|m| official.contains(&m.id)).collect();
    sort_by_name(&mut members, |m| m.full_name.as_str());
    let activity = Activity::load(&mut conn, commune_id).await?;
    let mut evaluations = evaluations::of_commune_members(&mut conn, commune_id, year).await?;
    let lines = members
        .iter()
        .map(|m| BranchMember {
            id: m.id.to_string(),
            name: m.full_name.as_str().to_string(),
            badges: m.badges(),
            flags: activity.flags(m),
            evaluation: evaluations.remove(&m.id.to_string()),
        })
        .collect();
    let held = meetings::held_by(&mut conn, b.id).await?;
    let this_month = match this_months(&held, today) {
        Some(h) => meetings::get(&mut conn, h.id).await?,
        None => None,
    };
    let recent = meetings::recent(&mut conn, b.id, RECENT_MEETINGS).await?;
    Ok(BranchPageView {
        id: b.id.to_string(),
        name: b.name.clone(),
        commune_id: commune_id.to_string(),
        commune: units.get(&commune_id).map(|(n, _)| n.clone()).unwrap_or_default(),
        active: b.is_active(),
        today: today.to_vn(),
        year,
        members: lines,
        this_month,
        default_kind: default_kind(&held, today).code().to_string(),
        recent: recent
            .into_iter()
            .map(|r| {
                let present = format!("{}/{}", r.present, r.on_sheet);
                row([r.date.to_vn(), r.kind.label().to_string(), present, r.observer.unwrap_or_else(|| "—".into())])
            })
            .collect(),
        can_follow: actor.can_record_meetings(commune_id, b.id) && b.is_active(),
        can_rate_branch: actor.can_rate_branch(commune_id) && b.is_active(),
        secretaries: users::secretaries_of(&mut conn, b.id).await?,
        can_name_secretary: account::may_manage(actor).is_ok() && b.is_active(),
        branch_evaluation: evaluations::get(&mut conn, SubjectKind::Branch, &b.id.to_string(), year).await?,
        changes: super::history::recent(&mut conn, actor, HistoryQuery { chi_bo: b.id.to_string(), ..Default::default() }).await?,
    })
}
