//! `GET /api/sync/pull`: the changes in the caller's scope since a cursor, or a full snapshot.

use std::collections::HashSet;

use super::changes::{self, Logged, to_json};
use super::{Db, branches, campaigns, members, memberships, plans, transfers, units};
use crate::domain::ids::MemberId;
use crate::domain::membership::MembershipKind;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::sync::{Change, PullResponse, UnitRecord};

/// The change-log entity that says a scope changed shape (never sent to a device).
pub const SCOPE_CHANGED: &str = "scope";

/// At most this many changes per reply; the client pulls again from the new cursor.
pub const PAGE: i64 = 2000;

/// The changes after `since` (a snapshot when `since` is 0).
pub async fn pull(db: &Db, actor: &Actor, since: i64) -> Result<PullResponse, AppError> {
    let mut conn = db.pool.acquire().await?;
    let cursor = changes::newest(&mut conn).await?;
    if since <= 0 || since > cursor {
        return snapshot(&mut conn, actor, cursor).await;
    }
    let rows = changes::after(&mut conn, since, PAGE).await?;
    // The tree changed under the device's scope (a merge, a dissolution): what it holds is no
    // longer what it should; it starts again from a snapshot.
    if rows.iter().any(|l| l.change.entity == SCOPE_CHANGED && actor.hears_of(l.commune)) {
        return snapshot(&mut conn, actor, cursor).await;
    }
    let next = rows.last().map_or(since, |r| r.change.seq);
    let more = rows.len() as i64 == PAGE;
    let changes = rows.into_iter().filter(|l| actor.sees_change(l.commune, l.branch)).map(|Logged { change, .. }| change).collect();
    Ok(PullResponse { cursor: next, reset: false, changes, more })
}

async fn snapshot(conn: &mut super::Conn, actor: &Actor, cursor: i64) -> Result<PullResponse, AppError> {
    let scope = if actor.sees_all() { None } else { actor.commune_id };
    if scope.is_none() && !actor.sees_all() {
        return Ok(PullResponse { cursor, reset: true, changes: Vec::new(), more: false });
    }
    let memberships = memberships::current(conn, scope).await?;
    let official = |m: MemberId| memberships.iter().find(|s| s.member_id == m && s.kind == MembershipKind::Official).map(|s| s.branch_id);
    let change = |entity: &str, id: String, data| Change { seq: cursor, entity: entity.into(), id, data: Some(data) };
    let mut changes = Vec::new();
    let members = members::of_commune(conn, scope).await?;
    let readable: HashSet<_> = members.iter().filter(|m| actor.can_read_member(m.commune_id, official(m.id))).map(|m| m.id).collect();
    // The communes and hamlets in scope, for names (a board opened without the server).
    let communes = match scope {
        Some(c) => vec![c],
        None => units::communes(conn).await?.into_iter().map(|(c, _)| c).collect(),
    };
    let names = units::names(conn).await?;
    for commune in communes {
        let name = names.get(&commune).map(|(n, _)| n.clone()).unwrap_or_default();
        changes.push(change("unit", commune.to_string(), to_json(&UnitRecord { id: commune, name, parent: None })));
        for (id, name) in units::hamlets(conn, commune).await? {
            changes.push(change("unit", id.to_string(), to_json(&UnitRecord { id, name, parent: Some(commune) })));
        }
    }
    // The branches in scope, and those the scope's members still belong to (e.g. the district
    // police branch the 2021 campaign empties).
    let belonged: HashSet<_> = memberships.iter().filter(|s| readable.contains(&s.member_id)).map(|s| s.branch_id).collect();
    for b in branches::of_commune(conn, None).await? {
        let in_scope = scope.is_none() || b.commune_id == scope;
        if (in_scope && actor.can_read_branch(b.commune_id, b.id)) || belonged.contains(&b.id) {
            changes.push(change("branch", b.id.to_string(), to_json(&b)));
        }
    }
    for c in campaigns::all(conn).await?.into_iter().filter(|c| scope.is_none_or(|s| c.applies_to(s))) {
        changes.push(change("campaign", c.id.to_string(), to_json(&c)));
    }
    for m in members.iter().filter(|m| readable.contains(&m.id)) {
        changes.push(change("member", m.id.to_string(), to_json(m)));
    }
    for s in memberships.iter().filter(|s| readable.contains(&s.member_id)) {
        changes.push(change("membership", s.id.to_string(), to_json(s)));
    }
    for p in plans::of_commune(conn, scope).await?.into_iter().filter(|p| readable.contains(&p.member_id)) {
        changes.push(change("plan", p.key(), to_json(&p)));
    }
    for t in transfers::of_commune(conn, scope).await?.into_iter().filter(|t| readable.contains(&t.member_id)) {
        changes.push(change("transfer", t.id.to_string(), to_json(&t)));
    }
    Ok(PullResponse { cursor, reset: true, changes, more: false })
}
