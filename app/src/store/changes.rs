//! Tables `changes` and `audit_log`: every change, once for the devices that pull it (in the
//! scope it belongs to) and once for the audit (who, which device, before and after, and the
//! scope and member the change history reads it by).

use serde::Serialize;
use serde_json::Value;
use sqlx::FromRow;

use super::rows::{json, opt_id};
use super::{Conn, now_millis};
use crate::domain::history::member_of;
use crate::domain::ids::{BranchId, UnitId};
use crate::error::AppError;
use crate::sync::Change;

/// Who made a change, for the audit log.
pub struct Author<'a> {
    pub user_id: String,
    pub client_id: Option<&'a str>,
    pub mutation: Option<&'a str>,
}

/// One changed row: what it is, the scope it belongs to, and its value before and after.
pub struct Record<'a> {
    pub entity: &'a str,
    pub id: String,
    pub commune: Option<UnitId>,
    pub branch: Option<BranchId>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Record<'a> {
    /// A change of the row `entity/id`, in the scope of a commune and a branch (who pulls it).
    pub fn new(entity: &'a str, id: impl ToString, commune: Option<UnitId>, branch: Option<BranchId>) -> Self {
        Self { entity, id: id.to_string(), commune, branch, before: None, after: None }
    }

    /// The row as it was (`None`: a new row).
    pub fn before<T: Serialize>(self, row: Option<&T>) -> Self {
        Self { before: row.map(to_json), ..self }
    }

    /// The row as it is now.
    pub fn after<T: Serialize>(self, row: &T) -> Self {
        Self { after: Some(to_json(row)), ..self }
    }
}

/// The JSON of a value (for the audit and change logs).
pub fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Records a change that no device pulls (an account: its rows never leave the server), in the
/// audit log only.
pub async fn audit_only(conn: &mut Conn, author: &Author<'_>, r: Record<'_>) -> Result<(), AppError> {
    audit(conn, author, &r).await
}

async fn audit(conn: &mut Conn, author: &Author<'_>, r: &Record<'_>) -> Result<(), AppError> {
    let member = member_of(r.entity, &r.id, r.before.as_ref(), r.after.as_ref());
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, client_id, mutation, entity, entity_id, before, after, commune_id, branch_id, member_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(now_millis())
    .bind(&author.user_id)
    .bind(author.client_id)
    .bind(author.mutation)
    .bind(r.entity)
    .bind(&r.id)
    .bind(r.before.as_ref().map(Value::to_string))
    .bind(r.after.as_ref().map(Value::to_string))
    .bind(r.commune.map(|c| c.to_string()))
    .bind(r.branch.map(|b| b.to_string()))
    .bind(member)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records one change: an audit row and a change-log row. Returns the change's sequence number.
pub async fn record(conn: &mut Conn, author: &Author<'_>, r: Record<'_>) -> Result<i64, AppError> {
    audit(&mut *conn, author, &r).await?;
    let (seq,): (i64,) =
        sqlx::query_as("INSERT INTO changes (entity, entity_id, commune_id, branch_id, data) VALUES ($1, $2, $3, $4, $5) RETURNING seq")
            .bind(r.entity)
            .bind(&r.id)
            .bind(r.commune.map(|c| c.to_string()))
            .bind(r.branch.map(|b| b.to_string()))
            .bind(r.after.map(|v| v.to_string()))
            .fetch_one(conn)
            .await?;
    Ok(seq)
}

/// The newest change sequence number (0 before any change).
pub async fn newest(conn: &mut Conn) -> Result<i64, AppError> {
    let (seq,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM changes").fetch_one(conn).await?;
    Ok(seq)
}

#[derive(FromRow)]
struct ChangeRow {
    seq: i64,
    entity: String,
    entity_id: String,
    commune_id: Option<String>,
    branch_id: Option<String>,
    data: Option<String>,
}

/// A change as the log holds it, with its scope.
pub struct Logged {
    pub change: Change,
    pub commune: Option<UnitId>,
    pub branch: Option<BranchId>,
}

/// At most `limit` changes after `since`, in order.
pub async fn after(conn: &mut Conn, since: i64, limit: i64) -> Result<Vec<Logged>, AppError> {
    let rows: Vec<ChangeRow> =
        sqlx::query_as("SELECT seq, entity, entity_id, commune_id, branch_id, data FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(since)
            .bind(limit)
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Logged {
                commune: opt_id(r.commune_id.as_deref(), UnitId::parse)?,
                branch: opt_id(r.branch_id.as_deref(), BranchId::parse)?,
                change: Change { seq: r.seq, entity: r.entity, id: r.entity_id, data: r.data.map(|d| json("change", &d)).transpose()? },
            })
        })
        .collect()
}

/// The communes the changes `first..=last` belong to (`None`: a change outside any commune).
pub async fn communes_between(conn: &mut Conn, first: i64, last: i64) -> Result<Vec<Option<UnitId>>, AppError> {
    let rows: Vec<(Option<String>,)> = sqlx::query_as("SELECT DISTINCT commune_id FROM changes WHERE seq BETWEEN $1 AND $2")
        .bind(first)
        .bind(last)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(|(c,)| opt_id(c.as_deref(), UnitId::parse)).collect()
}
