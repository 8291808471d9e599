//! Writing domain values, the audit log and the change log, inside a transaction.

use serde::Serialize;
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::domain::branch::Branch;
use crate::domain::ids::{BranchId, UnitId};
use crate::domain::member::Member;
use crate::domain::membership::Membership;
use crate::domain::plan::{PlanEntry, Transfer};
use crate::error::AppError;

use super::now_millis;

/// Who made a change, for the audit log.
pub struct Author<'a> {
    pub user_id: String,
    pub client_id: Option<&'a str>,
    pub mutation: Option<&'a str>,
}

/// The JSON of a value (for the audit and change logs).
pub fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Records one change: an audit row (before/after) and a change-log row in the entity's scope.
/// Returns the change's global sequence number.
#[expect(clippy::too_many_arguments, reason = "one row of each log, all fields needed")]
pub async fn record(
    conn: &mut SqliteConnection,
    author: &Author<'_>,
    entity: &str,
    entity_id: &str,
    commune: Option<UnitId>,
    branch: Option<BranchId>,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<i64, AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, client_id, mutation, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now_millis())
    .bind(&author.user_id)
    .bind(author.client_id)
    .bind(author.mutation)
    .bind(entity)
    .bind(entity_id)
    .bind(before.map(|v| v.to_string()))
    .bind(after.as_ref().map(Value::to_string))
    .execute(&mut *conn)
    .await?;
    let (seq,): (i64,) =
        sqlx::query_as("INSERT INTO changes (entity, entity_id, commune_id, branch_id, data) VALUES ($1, $2, $3, $4, $5) RETURNING seq")
            .bind(entity)
            .bind(entity_id)
            .bind(commune.map(|c| c.to_string()))
            .bind(branch.map(|b| b.to_string()))
            .bind(after.map(|v| v.to_string()))
            .fetch_one(conn)
            .await?;
    Ok(seq)
}

/// Inserts or updates a plan line.
pub async fn save_plan(conn: &mut SqliteConnection, p: &PlanEntry) -> Result<(), AppError> {
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

/// Inserts or updates a branch.
pub async fn save_branch(conn: &mut SqliteConnection, b: &Branch) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO branches (id, name, kind, unit_id, commune_id, hamlet_id, dissolved_on, dissolution_decision, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
         dissolved_on = excluded.dissolved_on, dissolution_decision = excluded.dissolution_decision, version = excluded.version",
    )
    .bind(b.id.to_string())
    .bind(&b.name)
    .bind(b.kind.code())
    .bind(b.unit_id.to_string())
    .bind(b.commune_id.map(|c| c.to_string()))
    .bind(b.hamlet_id.map(|h| h.to_string()))
    .bind(b.dissolved.as_ref().map(|d| d.on.to_iso()))
    .bind(b.dissolved.as_ref().map(|d| d.decision_no.clone()))
    .bind(b.version)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts or updates a member.
pub async fn save_member(conn: &mut SqliteConnection, m: &Member) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO members (id, full_name, gender, birth_date, party_card_no, record_no, joined_on, status, commune_id, residence_id, \
         job_category, field, is_committee_member, is_key_leader, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, gender = excluded.gender, birth_date = excluded.birth_date, \
         party_card_no = excluded.party_card_no, record_no = excluded.record_no, joined_on = excluded.joined_on, status = excluded.status, \
         residence_id = excluded.residence_id, job_category = excluded.job_category, field = excluded.field, \
         is_committee_member = excluded.is_committee_member, is_key_leader = excluded.is_key_leader, version = excluded.version",
    )
    .bind(m.id.to_string())
    .bind(m.full_name.as_str())
    .bind(m.gender.code())
    .bind(m.birth_date.to_iso())
    .bind(&m.party_card_no)
    .bind(&m.record_no)
    .bind(m.joined_on.to_iso())
    .bind(m.status.code())
    .bind(m.commune_id.to_string())
    .bind(m.residence_id.to_string())
    .bind(m.job_category.code())
    .bind(m.field.code())
    .bind(m.is_committee_member)
    .bind(m.is_key_leader)
    .bind(m.version)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts or updates (closes) a membership.
pub async fn save_membership(conn: &mut SqliteConnection, m: &Membership) -> Result<(), AppError> {
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

/// Inserts a transfer record.
pub async fn insert_transfer(conn: &mut SqliteConnection, t: &Transfer) -> Result<(), AppError> {
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

pub async fn save_task(conn: &mut SqliteConnection, t: &crate::domain::task::TaskAssignment) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO tasks (id, member_id, branch_id, year, field, text, due_on, status, result, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET field = excluded.field, text = excluded.text, \
         due_on = excluded.due_on, status = excluded.status, result = excluded.result, year = excluded.year, version = excluded.version",
    )
    .bind(t.id.to_string())
    .bind(t.member_id.to_string())
    .bind(t.branch_id.to_string())
    .bind(t.year)
    .bind(t.field.code())
    .bind(&t.text)
    .bind(t.due.map(|d| d.to_iso()))
    .bind(t.status.code())
    .bind(&t.result)
    .bind(t.version)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn save_evaluation(conn: &mut SqliteConnection, e: &crate::domain::evaluation::Evaluation) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO evaluations (id, subject_kind, subject_id, year, self_rating, proposed_rating, final_rating, points, \
         commendation_candidate, note, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (id) DO UPDATE SET self_rating = excluded.self_rating, proposed_rating = excluded.proposed_rating, \
         final_rating = excluded.final_rating, points = excluded.points, commendation_candidate = excluded.commendation_candidate, \
         note = excluded.note, version = excluded.version",
    )
    .bind(e.id.to_string())
    .bind(e.subject_kind.code())
    .bind(&e.subject_id)
    .bind(e.year)
    .bind(e.self_rating.map(|r| r.code()))
    .bind(e.proposed.map(|r| r.code()))
    .bind(e.final_rating.map(|r| r.code()))
    .bind(e.points.map(i64::from))
    .bind(e.commendation_candidate)
    .bind(&e.note)
    .bind(e.version)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts or updates a meeting and replaces its attendance sheet.
pub async fn save_meeting(conn: &mut SqliteConnection, r: &crate::domain::meeting::MeetingRecord) -> Result<(), AppError> {
    let m = &r.meeting;
    sqlx::query(
        "INSERT INTO meetings (id, branch_id, held_on, kind, observer, version) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET held_on = excluded.held_on, kind = excluded.kind, observer = excluded.observer, version = excluded.version",
    )
    .bind(m.id.to_string())
    .bind(m.branch_id.to_string())
    .bind(m.date.to_iso())
    .bind(m.kind.code())
    .bind(&m.observer)
    .bind(m.version)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM attendance WHERE meeting_id = $1").bind(m.id.to_string()).execute(&mut *conn).await?;
    for a in &r.attendance {
        sqlx::query(
            "INSERT INTO attendance (meeting_id, member_id, presence, spoke, contributed, version) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(m.id.to_string())
        .bind(a.member_id.to_string())
        .bind(a.presence.code())
        .bind(a.spoke)
        .bind(a.contributed)
        .bind(m.version)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts or updates a commendation or criticism note.
pub async fn save_note(conn: &mut SqliteConnection, n: &crate::domain::note::Note) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO notes (id, member_id, year, kind, text, version) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET year = excluded.year, kind = excluded.kind, text = excluded.text, version = excluded.version",
    )
    .bind(n.id.to_string())
    .bind(n.member_id.to_string())
    .bind(n.year)
    .bind(n.kind.code())
    .bind(&n.text)
    .bind(n.version)
    .execute(conn)
    .await?;
    Ok(())
}
