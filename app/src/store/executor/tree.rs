//! `unit.merge`, `unit.rename` and `unit.dissolve`: dated events of the organisation tree. The
//! past is never rewritten: old units end the day before, their links too, and the event is kept.
//! What the old units held — hamlets, branches, members, the accounts of their offices — goes to
//! the new unit (or the successor). The devices of the communes concerned take a fresh snapshot:
//! their scope changed.

use serde_json::json;

use super::{Cx, Step, applied, forbidden, found, next_version};
use crate::domain::branch::{COMMUNE_LEVEL, HAMLET_LEVEL, check_hamlet_merge};
use crate::domain::date::Date;
use crate::domain::free_text::{FreeText, ORG_DECISION};
use crate::domain::ids::UnitId;
use crate::domain::org::OrgTree;
use crate::store::changes::{self, Record};
use crate::store::pull::SCOPE_CHANGED;
use crate::store::units::Event;
use crate::store::{Conn, branches, campaigns, members, today, units, users};
use crate::sync::ops::{DissolveUnit, MergeUnits, RenameUnit};
use crate::sync::{Outcome, UnitRecord};

/// The commune whose devices hold a unit: a commune is its own, a hamlet its commune's on `on`;
/// the levels above belong to no commune (the district's and administrators' devices).
fn commune_of(tree: &OrgTree, unit: UnitId, on: Date) -> Option<UnitId> {
    match tree.level_of(unit) {
        Some(COMMUNE_LEVEL) => Some(unit),
        Some(HAMLET_LEVEL) => tree.parent_on(unit, on),
        _ => None,
    }
}

fn decision(text: &str) -> Step<String> {
    Ok(FreeText::required(text, ORG_DECISION)?.into())
}

/// Moves what the units `from` (of `level`) held to `to`: branches, members, accounts, each
/// audited; then tells the devices of `scope` (the commune concerned) to take a fresh snapshot.
async fn hand_over(conn: &mut Conn, cx: &Cx<'_>, from: &[UnitId], to: UnitId, level: u8, scope: Option<UnitId>) -> Step<i64> {
    for b in branches::of_commune(conn, None).await? {
        if let Some(mut moved) = b.with_units_moved(from, to, level) {
            moved.version = b.version + 1;
            branches::save(conn, &moved).await?;
            let record = Record::new("branch", b.id, moved.commune_id, Some(b.id)).before(Some(&b)).after(&moved);
            changes::audit_only(conn, &cx.author, record).await?;
        }
    }
    // Members of the merged communes, or living in the merged hamlets (all in the one commune).
    let communes: Vec<UnitId> = match level {
        COMMUNE_LEVEL => from.to_vec(),
        HAMLET_LEVEL => scope.into_iter().collect(),
        _ => Vec::new(),
    };
    for commune in communes {
        for m in members::of_commune(conn, Some(commune)).await? {
            if let Some(mut moved) = m.with_units_moved(from, to, level) {
                moved.version = m.version + 1;
                members::save(conn, &moved).await?;
                let record = Record::new("member", m.id, Some(moved.commune_id), None).before(Some(&m)).after(&moved);
                changes::audit_only(conn, &cx.author, record).await?;
            }
        }
    }
    if level == COMMUNE_LEVEL {
        for c in campaigns::all(conn).await? {
            if let Some(mut moved) = c.with_communes_merged(from, to) {
                moved.version = c.version + 1;
                campaigns::save(conn, &moved).await?;
                super::org::record_campaign(conn, cx, Some(&c), &moved).await?;
            }
        }
        for (user, username) in users::move_commune(conn, from, to).await? {
            let record = Record::new("account", user, Some(to), None)
                .before(Some(&json!({ "username": username, "commune_id": from })))
                .after(&json!({ "username": username, "commune_id": to }));
            changes::audit_only(conn, &cx.author, record).await?;
        }
    }
    // Not a row: the pull of any device that hears of `scope` answers with a fresh snapshot.
    cx.record(conn, Record::new(SCOPE_CHANGED, to, scope, None).after(&json!({ "units": from, "to": to }))).await
}

pub(super) async fn merge(conn: &mut Conn, cx: &Cx<'_>, a: MergeUnits) -> Step<Outcome> {
    if !cx.actor.can_edit_tree() {
        return Err(forbidden());
    }
    let existing = units::version_and_decision(conn, a.unit_id).await?;
    next_version(existing.as_ref().map(|(v, d)| (d, *v)), cx.base)?;
    let mut tree = units::tree(conn).await?;
    let plan = tree.plan_merge(&a.merge, a.unit_id, today())?;
    let decision_no = decision(&a.merge.decision_no)?;
    if plan.level == HAMLET_LEVEL {
        check_hamlet_merge(&branches::of_commune(conn, None).await?, &plan.closed_units)?;
    }
    let new = &plan.new_unit;
    units::insert(conn, new.id, &new.type_code, &new.name, new.valid_from, None).await?;
    units::set_decision(conn, new.id, &decision_no).await?;
    for &old in &plan.closed_units {
        units::close(conn, old, new.valid_from.pred()).await?;
    }
    units::relink(conn, &plan.ended_links, &plan.new_links).await?;
    let event = Event {
        id: uuid::Uuid::now_v7(),
        kind: "merge",
        on: new.valid_from,
        decision_no: &decision_no,
        result: Some(new.id),
        sources: &plan.closed_units,
        former_name: None,
    };
    units::record_event(conn, &event).await?;
    tree.apply_merge(&plan);
    let scope = commune_of(&tree, new.id, new.valid_from);
    let parent = (plan.level == HAMLET_LEVEL).then_some(scope).flatten();
    let row = UnitRecord { id: new.id, name: new.name.clone(), parent };
    cx.record(conn, Record::new("unit", new.id, scope, None).before(None::<&UnitRecord>).after(&row)).await?;
    for &old in &plan.closed_units {
        let record = Record::new("unit", old, None, None)
            .before(Some(&json!({ "valid_to": null })))
            .after(&json!({ "valid_to": new.valid_from.pred(), "merged_into": new.id }));
        changes::audit_only(conn, &cx.author, record).await?;
    }
    applied(hand_over(conn, cx, &plan.closed_units, new.id, plan.level, scope).await?, None)
}

pub(super) async fn rename(conn: &mut Conn, cx: &Cx<'_>, a: RenameUnit) -> Step<Outcome> {
    if !cx.actor.can_edit_tree() {
        return Err(forbidden());
    }
    let tree = units::tree(conn).await?;
    let unit = found(tree.unit(a.unit_id).cloned(), "đơn vị")?;
    let (version, _) = found(units::version_and_decision(conn, a.unit_id).await?, "đơn vị")?;
    let version = next_version(Some((&unit, version)), cx.base)?;
    let name = tree.check_rename(unit.id, &a.name, a.on, today())?;
    let decision_no = decision(&a.decision_no)?;
    units::rename(conn, unit.id, &name, version).await?;
    let event = Event {
        id: uuid::Uuid::now_v7(),
        kind: "rename",
        on: a.on,
        decision_no: &decision_no,
        result: Some(unit.id),
        sources: &[unit.id],
        former_name: Some(&unit.name),
    };
    units::record_event(conn, &event).await?;
    let scope = commune_of(&tree, unit.id, today());
    let parent = (tree.level_of(unit.id) == Some(HAMLET_LEVEL)).then_some(scope).flatten();
    let before = UnitRecord { id: unit.id, name: unit.name.clone(), parent };
    let after = UnitRecord { name, ..before.clone() };
    applied(cx.record(conn, Record::new("unit", unit.id, scope, None).before(Some(&before)).after(&after)).await?, None)
}

pub(super) async fn dissolve(conn: &mut Conn, cx: &Cx<'_>, a: DissolveUnit) -> Step<Outcome> {
    if !cx.actor.can_edit_tree() {
        return Err(forbidden());
    }
    let mut tree = units::tree(conn).await?;
    let unit = found(tree.unit(a.unit_id).cloned(), "đơn vị")?;
    let (version, _) = found(units::version_and_decision(conn, a.unit_id).await?, "đơn vị")?;
    next_version(Some((&unit, version)), cx.base)?;
    let holds = units::holds_anything(conn, unit.id).await?;
    let plan = tree.plan_dissolve(unit.id, a.on, a.successor_id, holds, today())?;
    let decision_no = decision(&a.decision_no)?;
    if let (HAMLET_LEVEL, Some(s)) = (plan.level, plan.successor) {
        check_hamlet_merge(&branches::of_commune(conn, None).await?, &[unit.id, s])?;
    }
    let scope_before = commune_of(&tree, unit.id, a.on.pred());
    units::close(conn, unit.id, a.on.pred()).await?;
    units::relink(conn, &plan.ended_links, &plan.new_links).await?;
    let event = Event {
        id: uuid::Uuid::now_v7(),
        kind: "dissolve",
        on: a.on,
        decision_no: &decision_no,
        result: plan.successor,
        sources: &[unit.id],
        former_name: None,
    };
    units::record_event(conn, &event).await?;
    tree.apply_dissolve(&plan);
    let record = Record::new("unit", unit.id, None, None)
        .before(Some(&unit))
        .after(&json!({ "valid_to": a.on.pred(), "successor": plan.successor, "decision_no": decision_no }));
    changes::audit_only(conn, &cx.author, record).await?;
    let seq = match plan.successor {
        Some(s) => hand_over(conn, cx, &[unit.id], s, plan.level, commune_of(&tree, s, a.on)).await?,
        // Nothing was left in it: the devices that held it forget it at their next snapshot.
        None => cx.record(conn, Record::new(SCOPE_CHANGED, unit.id, scope_before, None).after(&json!({ "units": [unit.id] }))).await?,
    };
    applied(seq, None)
}
