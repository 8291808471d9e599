//! `/xa/:id/ke-hoach/:campaign`: the planning board of a campaign in a commune.

use crate::board::{BoardData, BoardSource};
use crate::domain::ids::{CampaignId, UnitId};
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::{Db, branches, campaigns, members, memberships, plans, transfers, units};

/// The board: commune staff edit it, the district and administrators read it.
pub async fn load(db: &Db, actor: &Actor, commune: &str, campaign: &str) -> Result<BoardData, AppError> {
    let commune = UnitId::parse(commune).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    let campaign = CampaignId::parse(campaign).ok_or_else(|| AppError::NotFound("đợt chuyển".into()))?;
    if !actor.can_open_board(commune) {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let campaign = campaigns::get(&mut conn, campaign)
        .await?
        .filter(|c| c.applies_to(commune))
        .ok_or_else(|| AppError::NotFound("đợt chuyển".into()))?;
    let names = units::names(&mut conn).await?;
    let commune_name = names.get(&commune).map(|(n, _)| n.clone()).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    Ok(BoardData::assemble(BoardSource {
        commune_id: commune,
        commune_name,
        campaign,
        branches: branches::of_commune(&mut conn, None).await?,
        members: members::of_commune(&mut conn, Some(commune)).await?,
        plans: plans::of_commune(&mut conn, Some(commune)).await?,
        transfers: transfers::of_commune(&mut conn, Some(commune)).await?,
        memberships: memberships::current(&mut conn, Some(commune)).await?,
        hamlets: units::hamlets(&mut conn, commune).await?,
        manages: actor.can_manage_commune(commune),
    }))
}
