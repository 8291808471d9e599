//! Table `tasks`: the tasks a branch gives its members, with their progress.

use std::collections::HashMap;

use sqlx::FromRow;

use super::Conn;
use super::rows::{code, convert, id, opt_date};
use crate::domain::ids::{BranchId, MemberId, TaskId, UnitId};
use crate::domain::member::Field;
use crate::domain::task::{TaskAssignment, TaskStatus};
use crate::error::AppError;

#[derive(FromRow)]
struct TaskRow {
    id: String,
    member_id: String,
    branch_id: String,
    year: i32,
    field: String,
    text: String,
    due_on: Option<String>,
    status: String,
    result: String,
    version: i64,
}

impl TryFrom<TaskRow> for TaskAssignment {
    type Error = AppError;
    fn try_from(r: TaskRow) -> Result<Self, AppError> {
        Ok(TaskAssignment {
            id: id(&r.id, TaskId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            branch_id: id(&r.branch_id, BranchId::parse)?,
            year: r.year,
            field: code(&r.field, Field::from_code)?,
            text: r.text,
            due: opt_date(r.due_on.as_deref())?,
            status: code(&r.status, TaskStatus::from_code)?,
            result: r.result,
            version: r.version,
        })
    }
}

const COLUMNS: &str = "id, member_id, branch_id, year, field, text, due_on, status, result, version";

/// A task by id.
pub async fn get(conn: &mut Conn, task: TaskId) -> Result<Option<TaskAssignment>, AppError> {
    let row: Option<TaskRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM tasks WHERE id = $1")).bind(task.to_string()).fetch_optional(conn).await?;
    row.map(TaskAssignment::try_from).transpose()
}

/// Every task of a member, oldest first (the history).
pub async fn of_member(conn: &mut Conn, member: MemberId) -> Result<Vec<TaskAssignment>, AppError> {
    let rows: Vec<TaskRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM tasks WHERE member_id = $1 ORDER BY year, due_on"))
        .bind(member.to_string())
        .fetch_all(conn)
        .await?;
    convert(rows)
}

/// The tasks a branch gave a member, newest first (their progress is recorded).
pub async fn given_by(conn: &mut Conn, member: MemberId, branch: BranchId) -> Result<Vec<TaskAssignment>, AppError> {
    let rows: Vec<TaskRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM tasks WHERE member_id = $1 AND branch_id = $2 ORDER BY year DESC, due_on DESC, id DESC"
    ))
    .bind(member.to_string())
    .bind(branch.to_string())
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// How many tasks each member of a commune was given (members without a task are left out).
pub async fn counts_in_commune(conn: &mut Conn, commune: UnitId) -> Result<HashMap<MemberId, usize>, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT t.member_id, COUNT(*) FROM tasks t JOIN members m ON m.id = t.member_id WHERE m.commune_id = $1 GROUP BY t.member_id",
    )
    .bind(commune.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(m, n)| Ok((id(&m, MemberId::parse)?, n as usize))).collect()
}

/// Inserts or updates a task.
pub async fn save(conn: &mut Conn, t: &TaskAssignment) -> Result<(), AppError> {
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
