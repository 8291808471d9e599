//! `GET /api/sync/pull`: the changes in the caller's scope since a cursor, or a full snapshot.

use crate::domain::ids::{BranchId, UnitId};
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::sync::{Change, PullResponse, UnitRecord};

use super::Db;
use super::load::{self, opt_id};
use super::write::json;

#[derive(sqlx::FromRow)]
struct ChangeRow {
    seq: i64,
    entity: String,
    entity_id: String,
    commune_id: Option<String>,
    branch_id: Option<String>,
    data: Option<String>,
}

/// At most this many changes per reply; the client pulls again from the new cursor.
pub const PAGE: i64 = 2000;

/// The changes after `since` (a snapshot when `since` is 0).
pub async fn pull(db: &Db, actor: &Actor, since: i64) -> Result<PullResponse, AppError> {
    let (cursor,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM changes").fetch_one(&db.pool).await?;
    if since <= 0 || since > cursor {
        return snapshot(db, actor, cursor).await;
    }
    let rows: Vec<ChangeRow> =
        sqlx::query_as("SELECT seq, entity, entity_id, commune_id, branch_id, data FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(since)
            .bind(PAGE)
            .fetch_all(&db.pool)
            .await?;
    let next = rows.last().map_or(since, |r| r.seq);
    let more = rows.len() as i64 == PAGE;
    let mut changes = Vec::with_capacity(rows.len());
    for ChangeRow { seq, entity, entity_id: id, commune_id: commune, branch_id: branch, data } in rows {
        let commune = opt_id(commune.as_deref(), UnitId::parse)?;
        let branch = opt_id(branch.as_deref(), BranchId::parse)?;
        if actor.sees_change(commune, branch) {
            let data = data.map(|d| serde_json::from_str(&d)).transpose().map_err(|_| AppError::Internal)?;
            changes.push(Change { seq, entity, id, data });
        }
    }
    Ok(PullResponse { cursor: next, reset: false, changes, more })
}

async fn snapshot(db: &Db, actor: &Actor, cursor: i64) -> Result<PullResponse, AppError> {
    let mut conn = db.pool.acquire().await?;
    let scope = if actor.sees_all() { None } else { actor.commune_id };
    if scope.is_none() && !actor.sees_all() {
        return Ok(PullResponse { cursor, reset: true, changes: Vec::new(), more: false });
    }
    let memberships = load::current_memberships(&mut conn, scope).await?;
    let official = |m: crate::domain::ids::MemberId| {
        memberships.iter().find(|s| s.member_id == m && s.kind == crate::domain::membership::MembershipKind::Official).map(|s| s.branch_id)
    };
    let change = |entity: &str, id: String, data| Change { seq: cursor, entity: entity.into(), id, data: Some(data) };
    let mut changes = Vec::new();
    let members = load::members(&mut conn, scope).await?;
    let readable: std::collections::HashSet<_> =
        members.iter().filter(|m| actor.can_read_member(m.commune_id, official(m.id))).map(|m| m.id).collect();
    // The communes and hamlets in scope, for names (a board opened without the server).
    let communes = match scope {
        Some(c) => vec![c],
        None => load::communes(&mut conn).await?.into_iter().map(|(c, _)| c).collect(),
    };
    let names = load::unit_names(&mut conn).await?;
    for commune in communes {
        let name = names.get(&commune).map(|(n, _)| n.clone()).unwrap_or_default();
        changes.push(change("unit", commune.to_string(), json(&UnitRecord { id: commune, name, parent: None })));
        for (id, name) in load::hamlets(&mut conn, commune).await? {
            changes.push(change("unit", id.to_string(), json(&UnitRecord { id, name, parent: Some(commune) })));
        }
    }
    // The branches in scope, and those the scope's members still belong to (e.g. the district
    // police branch the 2021 campaign empties).
    let belonged: std::collections::HashSet<_> =
        memberships.iter().filter(|s| readable.contains(&s.member_id)).map(|s| s.branch_id).collect();
    for b in load::branches(&mut conn, None).await? {
        let in_scope = scope.is_none() || b.commune_id == scope;
        if (in_scope && actor.can_read_branch(b.commune_id, b.id)) || belonged.contains(&b.id) {
            changes.push(change("branch", b.id.to_string(), json(&b)));
        }
    }
    for c in load::campaigns(&mut conn).await? {
        changes.push(change("campaign", c.id.to_string(), json(&c)));
    }
    for m in members.iter().filter(|m| readable.contains(&m.id)) {
        changes.push(change("member", m.id.to_string(), json(m)));
    }
    for s in memberships.iter().filter(|s| readable.contains(&s.member_id)) {
        changes.push(change("membership", s.id.to_string(), json(s)));
    }
    for p in load::plans(&mut conn, scope).await?.into_iter().filter(|p| readable.contains(&p.member_id)) {
        changes.push(change("plan", format!("{}:{}", p.campaign_id, p.member_id), json(&p)));
    }
    for t in load::transfers(&mut conn, scope).await?.into_iter().filter(|t| readable.contains(&t.member_id)) {
        changes.push(change("transfer", t.id.to_string(), json(&t)));
    }
    Ok(PullResponse { cursor, reset: true, changes, more: false })
}
