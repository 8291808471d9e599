//! Table `branches`.

use sqlx::FromRow;

use super::Conn;
use super::rows::{code, convert, date, id, opt_id};
use crate::domain::branch::{Branch, BranchKind, Dissolution};
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, UnitId};
use crate::error::AppError;

#[derive(FromRow)]
struct BranchRow {
    id: String,
    name: String,
    kind: String,
    unit_id: String,
    commune_id: Option<String>,
    hamlet_id: Option<String>,
    dissolved_on: Option<String>,
    dissolution_decision: Option<String>,
    version: i64,
}

impl TryFrom<BranchRow> for Branch {
    type Error = AppError;
    fn try_from(r: BranchRow) -> Result<Self, AppError> {
        let dissolved = match (r.dissolved_on, r.dissolution_decision) {
            (Some(on), decision) => Some(Dissolution { on: date(&on)?, decision_no: decision.unwrap_or_default() }),
            (None, _) => None,
        };
        Ok(Branch {
            id: id(&r.id, BranchId::parse)?,
            name: r.name,
            kind: code(&r.kind, BranchKind::from_code)?,
            unit_id: id(&r.unit_id, UnitId::parse)?,
            commune_id: opt_id(r.commune_id.as_deref(), UnitId::parse)?,
            hamlet_id: opt_id(r.hamlet_id.as_deref(), UnitId::parse)?,
            dissolved,
            version: r.version,
        })
    }
}

const COLUMNS: &str = "id, name, kind, unit_id, commune_id, hamlet_id, dissolved_on, dissolution_decision, version";

/// One branch.
pub async fn get(conn: &mut Conn, branch: BranchId) -> Result<Option<Branch>, AppError> {
    let row: Option<BranchRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM branches WHERE id = $1")).bind(branch.to_string()).fetch_optional(conn).await?;
    row.map(Branch::try_from).transpose()
}

/// The branches of a commune, or every branch with `None`, in name order.
pub async fn of_commune(conn: &mut Conn, commune: Option<UnitId>) -> Result<Vec<Branch>, AppError> {
    // Two statements rather than `$1 IS NULL OR …`, so that the commune's index is used.
    let rows: Vec<BranchRow> = match commune {
        Some(c) => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM branches WHERE commune_id = $1 ORDER BY name"))
                .bind(c.to_string())
                .fetch_all(conn)
                .await?
        }
        None => sqlx::query_as(&format!("SELECT {COLUMNS} FROM branches ORDER BY name")).fetch_all(conn).await?,
    };
    convert(rows)
}

/// Inserts or updates a branch.
pub async fn save(conn: &mut Conn, b: &Branch) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO branches (id, name, kind, unit_id, commune_id, hamlet_id, dissolved_on, dissolution_decision, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
         unit_id = excluded.unit_id, commune_id = excluded.commune_id, hamlet_id = excluded.hamlet_id, dissolved_on = excluded.dissolved_on, dissolution_decision = excluded.dissolution_decision, version = excluded.version",
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

/// Notes the date and decision that founded a branch.
pub async fn set_founding(conn: &mut Conn, branch: BranchId, on: Date, decision_no: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE branches SET founded_on = $1, founding_decision = $2 WHERE id = $3")
        .bind(on.to_iso())
        .bind(decision_no)
        .bind(branch.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The founding date of every branch (`None`: not recorded, as for the branches of the demo data).
pub async fn founding_dates(conn: &mut Conn) -> Result<std::collections::HashMap<BranchId, Option<Date>>, AppError> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as("SELECT id, founded_on FROM branches").fetch_all(conn).await?;
    rows.into_iter().map(|(i, on)| Ok((id(&i, BranchId::parse)?, super::rows::opt_date(on.as_deref())?))).collect()
}
