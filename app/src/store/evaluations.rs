//! Table `evaluations`: a year's self-assessment, proposal and final rating of a member or a branch.

use std::collections::HashMap;

use sqlx::FromRow;

use super::Conn;
use super::rows::{Flag, code, convert, corrupt, id, opt_code};
use crate::domain::evaluation::{Evaluation, Rating, SubjectKind};
use crate::domain::ids::{EvaluationId, MemberId, UnitId};
use crate::error::AppError;

#[derive(FromRow)]
struct EvaluationRow {
    id: String,
    subject_kind: String,
    subject_id: String,
    year: i32,
    self_rating: Option<String>,
    proposed_rating: Option<String>,
    final_rating: Option<String>,
    points: Option<i64>,
    #[sqlx(try_from = "Flag")]
    commendation_candidate: bool,
    note: String,
    version: i64,
}

impl TryFrom<EvaluationRow> for Evaluation {
    type Error = AppError;
    fn try_from(r: EvaluationRow) -> Result<Self, AppError> {
        let points = r.points.map(|p| u8::try_from(p).map_err(|_| corrupt("points", &p.to_string()))).transpose()?;
        Ok(Evaluation {
            id: id(&r.id, EvaluationId::parse)?,
            subject_kind: code(&r.subject_kind, SubjectKind::from_code)?,
            subject_id: r.subject_id,
            year: r.year,
            self_rating: opt_code(r.self_rating.as_deref(), Rating::from_code)?,
            proposed: opt_code(r.proposed_rating.as_deref(), Rating::from_code)?,
            final_rating: opt_code(r.final_rating.as_deref(), Rating::from_code)?,
            points,
            commendation_candidate: r.commendation_candidate,
            note: r.note,
            version: r.version,
        })
    }
}

const COLUMNS: &str = "e.id, e.subject_kind, e.subject_id, e.year, e.self_rating, e.proposed_rating, e.final_rating, e.points, \
     CAST(e.commendation_candidate AS INTEGER) AS commendation_candidate, e.note, e.version";

/// The evaluation of a subject for a year (one per subject and year).
pub async fn get(conn: &mut Conn, kind: SubjectKind, subject: &str, year: i32) -> Result<Option<Evaluation>, AppError> {
    let row: Option<EvaluationRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM evaluations e WHERE e.subject_kind = $1 AND e.subject_id = $2 AND e.year = $3"))
            .bind(kind.code())
            .bind(subject)
            .bind(year)
            .fetch_optional(conn)
            .await?;
    row.map(Evaluation::try_from).transpose()
}

/// A member's evaluations, oldest year first.
pub async fn of_member(conn: &mut Conn, member: MemberId) -> Result<Vec<Evaluation>, AppError> {
    let rows: Vec<EvaluationRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM evaluations e WHERE e.subject_kind = 'member' AND e.subject_id = $1 ORDER BY e.year"
    ))
    .bind(member.to_string())
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// The evaluations of a commune's members for a year, by member (one query for a whole list).
pub async fn of_commune_members(conn: &mut Conn, commune: UnitId, year: i32) -> Result<HashMap<String, Evaluation>, AppError> {
    let rows: Vec<EvaluationRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM evaluations e JOIN members m ON m.id = e.subject_id \
         WHERE e.subject_kind = 'member' AND e.year = $2 AND m.commune_id = $1"
    ))
    .bind(commune.to_string())
    .bind(year)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|r| Evaluation::try_from(r).map(|e| (e.subject_id.clone(), e))).collect()
}

/// The final ratings of a commune's members for a year (the excellent quota's basis).
pub async fn final_ratings(conn: &mut Conn, commune: UnitId, year: i32) -> Result<Vec<Rating>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT e.final_rating FROM evaluations e JOIN members m ON m.id = e.subject_id \
         WHERE e.subject_kind = 'member' AND e.year = $2 AND m.commune_id = $1 AND e.final_rating IS NOT NULL",
    )
    .bind(commune.to_string())
    .bind(year)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|(r,)| code(r, Rating::from_code)).collect()
}

/// Every final rating of a commune's members: member, year, rating, proposed for commendation.
pub async fn ratings_in_commune(conn: &mut Conn, commune: UnitId) -> Result<Vec<(MemberId, i32, Rating, bool)>, AppError> {
    let rows: Vec<(String, i32, String, Flag)> = sqlx::query_as(
        "SELECT e.subject_id, e.year, e.final_rating, CAST(e.commendation_candidate AS INTEGER) FROM evaluations e JOIN members m ON m.id = e.subject_id \
         WHERE e.subject_kind = 'member' AND m.commune_id = $1 AND e.final_rating IS NOT NULL",
    )
    .bind(commune.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(m, y, r, c)| Ok((id(&m, MemberId::parse)?, y, code(&r, Rating::from_code)?, c.0))).collect()
}

/// Inserts or updates an evaluation.
pub async fn save(conn: &mut Conn, e: &Evaluation) -> Result<(), AppError> {
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
