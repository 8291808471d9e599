//! Table `memberships`: who belongs to which branch, officially or not, from when to when.

use std::collections::HashSet;

use sqlx::FromRow;

use super::Conn;
use super::rows::{code, convert, date, id, opt_date};
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, MemberId, MembershipId, UnitId};
use crate::domain::membership::{Membership, MembershipKind};
use crate::error::AppError;

#[derive(FromRow)]
struct MembershipRow {
    id: String,
    member_id: String,
    branch_id: String,
    kind: String,
    from_date: String,
    to_date: Option<String>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = AppError;
    fn try_from(r: MembershipRow) -> Result<Self, AppError> {
        Ok(Membership {
            id: id(&r.id, MembershipId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            branch_id: id(&r.branch_id, BranchId::parse)?,
            kind: code(&r.kind, MembershipKind::from_code)?,
            from: date(&r.from_date)?,
            to: opt_date(r.to_date.as_deref())?,
        })
    }
}

/// A member's memberships, oldest first.
pub async fn of_member(conn: &mut Conn, member: MemberId) -> Result<Vec<Membership>, AppError> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT id, member_id, branch_id, kind, from_date, to_date FROM memberships WHERE member_id = $1 ORDER BY from_date",
    )
    .bind(member.to_string())
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// The current memberships of a commune's members, or of every member with `None`.
pub async fn current(conn: &mut Conn, commune: Option<UnitId>) -> Result<Vec<Membership>, AppError> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT s.id, s.member_id, s.branch_id, s.kind, s.from_date, s.to_date FROM memberships s \
         JOIN members m ON m.id = s.member_id WHERE s.to_date IS NULL AND (CAST($1 AS TEXT) IS NULL OR m.commune_id = $1)",
    )
    .bind(commune.map(|c| c.to_string()))
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// A member's current official membership.
pub async fn current_official(conn: &mut Conn, member: MemberId) -> Result<Option<Membership>, AppError> {
    let row: Option<MembershipRow> = sqlx::query_as(
        "SELECT id, member_id, branch_id, kind, from_date, to_date FROM memberships \
         WHERE member_id = $1 AND kind = 'official' AND to_date IS NULL",
    )
    .bind(member.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(Membership::try_from).transpose()
}

/// How many members belong to a branch officially now.
pub async fn official_count(conn: &mut Conn, branch: BranchId) -> Result<usize, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE branch_id = $1 AND kind = 'official' AND to_date IS NULL")
        .bind(branch.to_string())
        .fetch_one(conn)
        .await?;
    Ok(n as usize)
}

/// The official members of a branch on a date.
pub async fn official_members_on(conn: &mut Conn, branch: BranchId, on: Date) -> Result<HashSet<MemberId>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT member_id FROM memberships WHERE branch_id = $1 AND kind = 'official' AND from_date <= $2 AND (to_date IS NULL OR to_date > $2)",
    )
    .bind(branch.to_string())
    .bind(on.to_iso())
    .fetch_all(conn)
    .await?;
    rows.iter().map(|(m,)| id(m, MemberId::parse)).collect()
}

/// The members who belong to a branch now (any kind), in the order they were stored.
pub async fn current_members(conn: &mut Conn, branch: BranchId) -> Result<Vec<MemberId>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT member_id FROM memberships WHERE branch_id = $1 AND to_date IS NULL")
        .bind(branch.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(|(m,)| id(m, MemberId::parse)).collect()
}

/// Inserts a membership, or closes it (its end date is the only thing that changes).
pub async fn save(conn: &mut Conn, m: &Membership) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memberships (id, member_id, branch_id, kind, from_date, to_date) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET to_date = excluded.to_date, version = memberships.version + 1",
    )
    .bind(m.id.to_string())
    .bind(m.member_id.to_string())
    .bind(m.branch_id.to_string())
    .bind(m.kind.code())
    .bind(m.from.to_iso())
    .bind(m.to.map(|d| d.to_iso()))
    .execute(conn)
    .await?;
    Ok(())
}
