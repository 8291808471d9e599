//! `/xa/:id`: a commune's branches with their members, and who still waits in open campaigns.

use std::collections::HashMap;

use super::parts::{Activity, campaign_line};
use crate::api::views::{BranchView, CommuneView, MemberLine, PendingGroup};
use crate::domain::history::HistoryQuery;
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::member::Member;
use crate::domain::membership::MembershipKind;
use crate::domain::scope::Actor;
use crate::domain::text::sort_by_name;
use crate::error::AppError;
use crate::store::{Db, branches, campaigns, members, memberships, stats, today, units};

/// A commune page, in the caller's scope (a secretary sees their branch only).
pub async fn load(db: &Db, actor: &Actor, id: &str) -> Result<CommuneView, AppError> {
    let commune_id = UnitId::parse(id).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    if !actor.can_read_commune(commune_id) {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let units = units::names(&mut conn).await?;
    let name = units.get(&commune_id).map(|(n, _)| n.clone()).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    let branches = branches::of_commune(&mut conn, Some(commune_id)).await?;
    let members = members::of_commune(&mut conn, Some(commune_id)).await?;
    let campaigns = campaigns::all(&mut conn).await?;
    let memberships = memberships::current(&mut conn, Some(commune_id)).await?;
    let activity = Activity::load(&mut conn, commune_id).await?;
    let official: HashMap<MemberId, BranchId> =
        memberships.iter().filter(|m| m.kind == MembershipKind::Official).map(|m| (m.member_id, m.branch_id)).collect();
    let branch_by_id: HashMap<BranchId, _> = branches.iter().map(|b| (b.id, b)).collect();
    let line = |m: &Member| {
        let hamlet = official.get(&m.id).and_then(|b| branch_by_id.get(b)).and_then(|b| b.hamlet_id);
        MemberLine {
            id: m.id.to_string(),
            name: m.full_name.as_str().to_string(),
            job: m.job_category.label().to_string(),
            residence: units.get(&m.residence_id).map(|(n, _)| n.clone()).unwrap_or_default(),
            badges: m.badges(),
            mismatch: hamlet.is_some_and(|h| h != m.residence_id),
            flags: activity.flags(m),
        }
    };
    let mut branch_views = Vec::new();
    for b in branches.iter().filter(|b| actor.can_read_branch(b.commune_id, b.id)) {
        let mut lines: Vec<MemberLine> = members.iter().filter(|m| official.get(&m.id) == Some(&b.id)).map(line).collect();
        sort_by_name(&mut lines, |l| &l.name);
        branch_views.push(BranchView {
            id: b.id.to_string(),
            name: b.name.clone(),
            kind: b.kind.label().to_string(),
            has_page: b.holds_meetings(),
            dissolved: b.dissolved.as_ref().map(|d| format!("Đã giải thể ngày {} (QĐ số {})", d.on.to_vn(), d.decision_no)),
            can_dissolve: b.is_active() && actor.can_dissolve_branch(b.commune_id),
            version: b.version,
            members: lines,
        });
    }
    let sees_plans = actor.can_open_board(commune_id);
    let mut pending = Vec::new();
    if sees_plans {
        for c in campaigns.iter().filter(|c| c.open && c.applies_to(commune_id)) {
            let mut lines: Vec<MemberLine> = members.iter().filter(|m| c.covers(m) && !activity.moved(m.id)).map(line).collect();
            sort_by_name(&mut lines, |l| &l.name);
            pending.push(PendingGroup { campaign: campaign_line(c), members: lines });
        }
    }
    let figures = match stats::one(&mut conn, commune_id).await? {
        Some(f) => f,
        None => stats::compute(&mut conn, commune_id, &name, &campaigns).await?,
    };
    let campaigns =
        if sees_plans { campaigns.iter().filter(|c| c.applies_to(commune_id)).map(campaign_line).collect() } else { Vec::new() };
    let ratings = figures.ratings_of(today().year());
    Ok(CommuneView {
        id: commune_id.to_string(),
        name,
        figures,
        ratings,
        branches: branch_views,
        pending,
        campaigns,
        has_register: sees_plans,
        changes: super::history::recent(&mut conn, actor, HistoryQuery { xa: commune_id.to_string(), ..Default::default() }).await?,
    })
}
