//! The planning board's data for one commune and campaign.

use std::collections::{HashMap, HashSet};

use crate::board::BoardData;
use crate::domain::branch::BranchKind;
use crate::domain::ids::{CampaignId, UnitId};
use crate::domain::membership::MembershipKind;
use crate::domain::scope::Actor;
use crate::error::AppError;

use super::{Db, load};

/// The board of `campaign` in `commune`: commune staff edit it, the district and administrators read it.
pub async fn board(db: &Db, actor: &Actor, commune: UnitId, campaign: CampaignId) -> Result<BoardData, AppError> {
    if !actor.can_manage_commune(commune) && !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let campaign = load::campaign(&mut conn, campaign).await?.ok_or_else(|| AppError::NotFound("đợt chuyển".into()))?;
    let units = load::unit_names(&mut conn).await?;
    let commune_name = units.get(&commune).map(|(n, _)| n.clone()).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    let branches = load::branches(&mut conn, Some(commune)).await?;
    let all_branches = load::branches(&mut conn, None).await?;
    let transfers = load::transfers(&mut conn, Some(commune)).await?;
    // Members moved by another campaign are no longer this campaign's business.
    let moved_elsewhere: HashSet<_> = transfers.iter().filter(|t| t.campaign_id != campaign.id).map(|t| t.member_id).collect();
    let members: Vec<_> = load::members(&mut conn, Some(commune))
        .await?
        .into_iter()
        .filter(|m| campaign.covers(m) && !moved_elsewhere.contains(&m.id))
        .collect();
    let ids: HashSet<_> = members.iter().map(|m| m.id).collect();
    let plans: Vec<_> = load::plans(&mut conn, Some(commune))
        .await?
        .into_iter()
        .filter(|p| p.campaign_id == campaign.id && ids.contains(&p.member_id))
        .collect();
    let confirmed: HashSet<_> = plans.iter().filter(|p| p.confirmed).map(|p| p.member_id).collect();
    let mut sources: HashMap<String, usize> = HashMap::new();
    for m in load::current_memberships(&mut conn, Some(commune)).await? {
        if m.kind == MembershipKind::Official && ids.contains(&m.member_id) && !confirmed.contains(&m.member_id) {
            let name = all_branches.iter().find(|b| b.id == m.branch_id).map(|b| b.name.clone()).unwrap_or_default();
            *sources.entry(name).or_default() += 1;
        }
    }
    let mut sources: Vec<_> = sources.into_iter().collect();
    sources.sort();
    Ok(BoardData {
        commune_id: commune,
        commune_name,
        can_edit: actor.can_manage_commune(commune) && campaign.open,
        campaign,
        branches: branches.into_iter().filter(|b| b.kind == BranchKind::Residential && b.is_active()).collect(),
        members,
        plans,
        hamlets: load::hamlets(&mut conn, commune).await?,
        sources,
    })
}
