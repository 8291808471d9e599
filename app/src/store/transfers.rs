//! Table `transfers`: the confirmed moves of a member from one branch to another.

use sqlx::FromRow;

use super::Conn;
use super::rows::{convert, date, id, opt_id};
use crate::domain::ids::{BranchId, CampaignId, MemberId, TransferId, UnitId};
use crate::domain::plan::Transfer;
use crate::error::AppError;

#[derive(FromRow)]
struct TransferRow {
    id: String,
    campaign_id: String,
    member_id: String,
    from_branch_id: Option<String>,
    to_branch_id: String,
    effective_on: String,
    letter_no: String,
}

impl TryFrom<TransferRow> for Transfer {
    type Error = AppError;
    fn try_from(r: TransferRow) -> Result<Self, AppError> {
        Ok(Transfer {
            id: id(&r.id, TransferId::parse)?,
            campaign_id: id(&r.campaign_id, CampaignId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            from_branch: opt_id(r.from_branch_id.as_deref(), BranchId::parse)?,
            to_branch: id(&r.to_branch_id, BranchId::parse)?,
            effective_on: date(&r.effective_on)?,
            letter_no: r.letter_no,
        })
    }
}

/// The transfers of a commune's members, or every transfer with `None`, oldest first.
pub async fn of_commune(conn: &mut Conn, commune: Option<UnitId>) -> Result<Vec<Transfer>, AppError> {
    let rows: Vec<TransferRow> = sqlx::query_as(
        "SELECT t.id, t.campaign_id, t.member_id, t.from_branch_id, t.to_branch_id, t.effective_on, t.letter_no FROM transfers t \
         JOIN members m ON m.id = t.member_id WHERE CAST($1 AS TEXT) IS NULL OR m.commune_id = $1 ORDER BY t.effective_on",
    )
    .bind(commune.map(|c| c.to_string()))
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// A member's transfers, oldest first.
pub async fn of_member(conn: &mut Conn, member: MemberId) -> Result<Vec<Transfer>, AppError> {
    let rows: Vec<TransferRow> = sqlx::query_as(
        "SELECT id, campaign_id, member_id, from_branch_id, to_branch_id, effective_on, letter_no FROM transfers \
         WHERE member_id = $1 ORDER BY effective_on",
    )
    .bind(member.to_string())
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// Inserts a transfer (a transfer is never edited).
pub async fn insert(conn: &mut Conn, t: &Transfer) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO transfers (id, campaign_id, member_id, from_branch_id, to_branch_id, effective_on, letter_no) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.id.to_string())
    .bind(t.campaign_id.to_string())
    .bind(t.member_id.to_string())
    .bind(t.from_branch.map(|b| b.to_string()))
    .bind(t.to_branch.to_string())
    .bind(t.effective_on.to_iso())
    .bind(&t.letter_no)
    .execute(conn)
    .await?;
    Ok(())
}
