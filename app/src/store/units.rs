//! Tables `unit_types`, `org_units` and `org_unit_links`: the organisation tree, with the dates
//! each unit and each link held.

use std::collections::HashMap;

use super::Conn;
use super::rows::{date, id, opt_date};
use crate::domain::date::Date;
use crate::domain::ids::UnitId;
use crate::domain::org::{OrgTree, OrgUnit, ParentLink, Rename, UnitType};
use crate::domain::text::text_sort_key;
use crate::error::AppError;

/// Adds a kind of unit (`level` 0: district or province, 1: commune, 2: hamlet).
pub async fn insert_type(conn: &mut Conn, code: &str, name: &str, level: i64) -> Result<(), AppError> {
    // The usual kinds are already there (migration 0006).
    sqlx::query("INSERT INTO unit_types (code, name, level) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING")
        .bind(code)
        .bind(name)
        .bind(level)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds a unit valid from `from`, under `parent` from the same day.
pub async fn insert(
    conn: &mut Conn,
    unit: UnitId,
    type_code: &str,
    name: &str,
    from: Date,
    parent: Option<UnitId>,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO org_units (id, type_code, name, valid_from) VALUES ($1, $2, $3, $4)")
        .bind(unit.to_string())
        .bind(type_code)
        .bind(name)
        .bind(from.to_iso())
        .execute(&mut *conn)
        .await?;
    if let Some(p) = parent {
        sqlx::query("INSERT INTO org_unit_links (child_id, parent_id, valid_from) VALUES ($1, $2, $3)")
            .bind(unit.to_string())
            .bind(p.to_string())
            .bind(from.to_iso())
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// How many units the tree holds (none: an empty database).
pub async fn count(conn: &mut Conn) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM org_units").fetch_one(conn).await?;
    Ok(n)
}

/// Names and type codes of every unit.
pub async fn names(conn: &mut Conn) -> Result<HashMap<UnitId, (String, String)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as("SELECT id, name, type_code FROM org_units").fetch_all(conn).await?;
    rows.into_iter().map(|(i, n, t)| Ok((id(&i, UnitId::parse)?, (n, t)))).collect()
}

/// The current communes (level-1 units), in Vietnamese name order.
pub async fn communes(conn: &mut Conn) -> Result<Vec<(UnitId, String)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM org_units u JOIN unit_types t ON t.code = u.type_code WHERE t.level = 1 AND u.valid_to IS NULL ORDER BY u.name",
    )
    .fetch_all(conn)
    .await?;
    let mut communes = rows.into_iter().map(|(i, n)| Ok((id(&i, UnitId::parse)?, n))).collect::<Result<Vec<_>, AppError>>()?;
    communes.sort_by_cached_key(|(_, name)| text_sort_key(name));
    Ok(communes)
}

/// The current hamlets of a commune, in name order.
pub async fn hamlets(conn: &mut Conn, commune: UnitId) -> Result<Vec<(UnitId, String)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM org_units u JOIN org_unit_links l ON l.child_id = u.id \
         WHERE l.parent_id = $1 AND l.valid_to IS NULL AND u.valid_to IS NULL ORDER BY u.name",
    )
    .bind(commune.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(i, n)| Ok((id(&i, UnitId::parse)?, n))).collect()
}

/// Whether `child` lies directly under `parent` today (a hamlet of the commune).
pub async fn is_child_of(conn: &mut Conn, child: UnitId, parent: UnitId) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM org_unit_links WHERE child_id = $1 AND parent_id = $2 AND valid_to IS NULL")
        .bind(child.to_string())
        .bind(parent.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Whether a unit is a commune-level unit and whether it has ended (`None`: no such unit).
pub async fn commune_facts(conn: &mut Conn, unit: UnitId) -> Result<Option<(bool, bool)>, AppError> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT t.level, u.valid_to FROM org_units u JOIN unit_types t ON t.code = u.type_code WHERE u.id = $1")
            .bind(unit.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(level, to)| (level == 1, to.is_some())))
}

/// The whole tree with its history: kinds, units, links.
pub async fn tree(conn: &mut Conn) -> Result<OrgTree, AppError> {
    let types: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT code, name, level FROM unit_types ORDER BY level, code").fetch_all(&mut *conn).await?;
    let units: Vec<(String, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, type_code, name, valid_from, valid_to FROM org_units").fetch_all(&mut *conn).await?;
    let links: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT child_id, parent_id, valid_from, valid_to FROM org_unit_links").fetch_all(&mut *conn).await?;
    let renames: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT result_unit, happened_on, former_name FROM org_events WHERE kind = 'rename' AND result_unit IS NOT NULL AND former_name IS NOT NULL",
    )
    .fetch_all(conn)
    .await?;
    Ok(OrgTree {
        types: types
            .into_iter()
            .map(|(code, name, level)| UnitType { code, name, level: u8::try_from(level).unwrap_or(u8::MAX) })
            .collect(),
        units: units
            .into_iter()
            .map(|(i, type_code, name, from, to)| {
                Ok(OrgUnit { id: id(&i, UnitId::parse)?, type_code, name, valid_from: date(&from)?, valid_to: opt_date(to.as_deref())? })
            })
            .collect::<Result<_, AppError>>()?,
        links: links
            .into_iter()
            .map(|(c, p, from, to)| {
                Ok(ParentLink {
                    child: id(&c, UnitId::parse)?,
                    parent: id(&p, UnitId::parse)?,
                    valid_from: date(&from)?,
                    valid_to: opt_date(to.as_deref())?,
                })
            })
            .collect::<Result<_, AppError>>()?,
        renames: renames
            .into_iter()
            .map(|(u, on, former_name)| Ok(Rename { unit: id(&u, UnitId::parse)?, on: date(&on)?, former_name }))
            .collect::<Result<_, AppError>>()?,
    })
}

/// Ends a unit the day `to` (its version goes up).
pub async fn close(conn: &mut Conn, unit: UnitId, to: Date) -> Result<(), AppError> {
    sqlx::query("UPDATE org_units SET valid_to = $1, version = version + 1 WHERE id = $2")
        .bind(to.to_iso())
        .bind(unit.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends these links (each found by child, parent and start) on their `valid_to`, and adds others.
pub async fn relink(conn: &mut Conn, ended: &[ParentLink], added: &[ParentLink]) -> Result<(), AppError> {
    for l in ended {
        sqlx::query("UPDATE org_unit_links SET valid_to = $1 WHERE child_id = $2 AND parent_id = $3 AND valid_from = $4")
            .bind(l.valid_to.map(Date::to_iso))
            .bind(l.child.to_string())
            .bind(l.parent.to_string())
            .bind(l.valid_from.to_iso())
            .execute(&mut *conn)
            .await?;
    }
    for l in added {
        sqlx::query("INSERT INTO org_unit_links (child_id, parent_id, valid_from, valid_to) VALUES ($1, $2, $3, $4)")
            .bind(l.child.to_string())
            .bind(l.parent.to_string())
            .bind(l.valid_from.to_iso())
            .bind(l.valid_to.map(Date::to_iso))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// An event of the tree, as `org_events` keeps it.
pub struct Event<'a> {
    pub id: uuid::Uuid,
    pub kind: &'a str,
    pub on: Date,
    pub decision_no: &'a str,
    pub result: Option<UnitId>,
    pub sources: &'a [UnitId],
    pub former_name: Option<&'a str>,
}

/// Records an event of the tree.
pub async fn record_event(conn: &mut Conn, e: &Event<'_>) -> Result<(), AppError> {
    let sources = serde_json::to_string(&e.sources.iter().map(ToString::to_string).collect::<Vec<_>>()).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO org_events (id, kind, happened_on, decision_no, result_unit, sources, former_name) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id.to_string())
    .bind(e.kind)
    .bind(e.on.to_iso())
    .bind(e.decision_no)
    .bind(e.result.map(|r| r.to_string()))
    .bind(sources)
    .bind(e.former_name)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether something still belongs to a unit: an active branch in it, a member working or living
/// there, an account of its office.
pub async fn holds_anything(conn: &mut Conn, unit: UnitId) -> Result<bool, AppError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM branches WHERE dissolved_on IS NULL AND (unit_id = $1 OR commune_id = $1 OR hamlet_id = $1)) \
         + (SELECT COUNT(*) FROM members WHERE commune_id = $1 OR residence_id = $1) \
         + (SELECT COUNT(*) FROM users WHERE commune_id = $1)",
    )
    .bind(unit.to_string())
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The version and decision number of a unit.
pub async fn version_and_decision(conn: &mut Conn, unit: UnitId) -> Result<Option<(i64, Option<String>)>, AppError> {
    Ok(sqlx::query_as("SELECT version, decision_no FROM org_units WHERE id = $1").bind(unit.to_string()).fetch_optional(conn).await?)
}

/// The version of every unit.
pub async fn versions(conn: &mut Conn) -> Result<HashMap<UnitId, i64>, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT id, version FROM org_units").fetch_all(conn).await?;
    rows.into_iter().map(|(i, v)| Ok((id(&i, UnitId::parse)?, v))).collect()
}

/// Notes the decision that founded a unit.
pub async fn set_decision(conn: &mut Conn, unit: UnitId, decision_no: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE org_units SET decision_no = $1 WHERE id = $2").bind(decision_no).bind(unit.to_string()).execute(conn).await?;
    Ok(())
}

/// Renames a unit (its version goes up).
pub async fn rename(conn: &mut Conn, unit: UnitId, name: &str, version: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE org_units SET name = $1, version = $2 WHERE id = $3")
        .bind(name)
        .bind(version)
        .bind(unit.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The founding decision of each unit that has one.
pub async fn decisions(conn: &mut Conn) -> Result<HashMap<UnitId, String>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, decision_no FROM org_units WHERE decision_no IS NOT NULL").fetch_all(conn).await?;
    rows.into_iter().map(|(i, d)| Ok((id(&i, UnitId::parse)?, d))).collect()
}
