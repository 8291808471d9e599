//! The planning board's data for one commune and campaign.

use crate::board::{BoardData, BoardSource};
use crate::domain::ids::{CampaignId, UnitId};
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
    Ok(BoardData::assemble(BoardSource {
        commune_id: commune,
        commune_name,
        campaign,
        branches: load::branches(&mut conn, None).await?,
        members: load::members(&mut conn, Some(commune)).await?,
        plans: load::plans(&mut conn, Some(commune)).await?,
        transfers: load::transfers(&mut conn, Some(commune)).await?,
        memberships: load::current_memberships(&mut conn, Some(commune)).await?,
        hamlets: load::hamlets(&mut conn, commune).await?,
        manages: actor.can_manage_commune(commune),
    }))
}
