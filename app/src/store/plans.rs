//! Table `plans`: each member's line in a campaign's plan (the planned branch, confirmed or not).

use sqlx::FromRow;

use super::Conn;
use super::rows::{Flag, convert, id, opt_id};
use crate::domain::ids::{BranchId, CampaignId, MemberId, UnitId};
use crate::domain::plan::PlanEntry;
use crate::error::AppError;

#[derive(FromRow)]
struct PlanRow {
    campaign_id: String,
    member_id: String,
    target_branch_id: Option<String>,
    #[sqlx(try_from = "Flag")]
    confirmed: bool,
    version: i64,
}

impl TryFrom<PlanRow> for PlanEntry {
    type Error = AppError;
    fn try_from(r: PlanRow) -> Result<Self, AppError> {
        Ok(PlanEntry {
            campaign_id: id(&r.campaign_id, CampaignId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            target: opt_id(r.target_branch_id.as_deref(), BranchId::parse)?,
            confirmed: r.confirmed,
            version: r.version,
        })
    }
}

/// A member's line in a campaign's plan.
pub async fn get(conn: &mut Conn, campaign: CampaignId, member: MemberId) -> Result<Option<PlanEntry>, AppError> {
    let row: Option<PlanRow> = sqlx::query_as(
        "SELECT campaign_id, member_id, target_branch_id, CAST(confirmed AS INTEGER) AS confirmed, version FROM plans \
         WHERE campaign_id = $1 AND member_id = $2",
    )
    .bind(campaign.to_string())
    .bind(member.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(PlanEntry::try_from).transpose()
}

/// The plan lines of a commune's members (every campaign), or every line with `None`.
pub async fn of_commune(conn: &mut Conn, commune: Option<UnitId>) -> Result<Vec<PlanEntry>, AppError> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT p.campaign_id, p.member_id, p.target_branch_id, CAST(p.confirmed AS INTEGER) AS confirmed, p.version FROM plans p \
         JOIN members m ON m.id = p.member_id WHERE CAST($1 AS TEXT) IS NULL OR m.commune_id = $1",
    )
    .bind(commune.map(|c| c.to_string()))
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// Inserts or updates a plan line.
pub async fn save(conn: &mut Conn, p: &PlanEntry) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO plans (campaign_id, member_id, target_branch_id, confirmed, version) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (campaign_id, member_id) DO UPDATE SET target_branch_id = excluded.target_branch_id, \
         confirmed = excluded.confirmed, version = excluded.version",
    )
    .bind(p.campaign_id.to_string())
    .bind(p.member_id.to_string())
    .bind(p.target.map(|t| t.to_string()))
    .bind(p.confirmed)
    .bind(p.version)
    .execute(conn)
    .await?;
    Ok(())
}
