//! `/quan-tri/to-chuc`: the organisation tree as of a date (today by default) with its units'
//! kinds, validity and decisions and their branches then; the choices of the forms that add a
//! unit or found a branch.

use std::collections::HashMap;

use crate::api::views::{Choice, OrgNode, OrgView, TreeChoice};
use crate::domain::branch::{COMMUNE_LEVEL, HAMLET_LEVEL};
use crate::domain::date::Date;
use crate::domain::ids::UnitId;
use crate::domain::org::OrgTree;
use crate::domain::scope::Actor;
use crate::domain::text::text_sort_key;
use crate::error::AppError;
use crate::store::{Db, branches, units};

/// The page (the district or province board and administrators read it).
pub async fn load(db: &Db, actor: &Actor, as_of: Option<&str>) -> Result<OrgView, AppError> {
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    let today = crate::store::today();
    let on = match as_of.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Date::parse_vn(text).map_err(|e| AppError::Invalid(e.to_string()))?,
        None => today,
    };
    let mut conn = db.pool.acquire().await?;
    let tree = units::tree(&mut conn).await?;
    let decisions = units::decisions(&mut conn).await?;
    let founded = branches::founding_dates(&mut conn).await?;
    let versions = units::versions(&mut conn).await?;
    let all_branches = branches::of_commune(&mut conn, None).await?;
    let mut by_unit: HashMap<UnitId, Vec<String>> = HashMap::new();
    for b in all_branches.iter().cloned() {
        let existed = founded.get(&b.id).copied().flatten().is_none_or(|f| f <= on) && b.dissolved.as_ref().is_none_or(|d| d.on > on);
        if existed {
            by_unit.entry(b.unit_id).or_default().push(b.name);
        }
    }
    let mut nodes = Vec::new();
    let tops: Vec<UnitId> = tree.units.iter().filter(|u| tree.level_of(u.id) == Some(0) && u.is_valid_on(on)).map(|u| u.id).collect();
    for top in sorted(&tree, tops) {
        walk(&tree, top, 0, on, &decisions, &mut by_unit, &mut nodes);
    }
    let label = |id: UnitId| {
        let unit = tree.unit(id).map(|u| u.name.clone()).unwrap_or_default();
        match tree.level_of(id).and_then(|l| tree.ancestor_at_level(id, l.saturating_sub(1), today)).filter(|p| *p != id) {
            Some(p) => format!("{unit} — {}", tree.unit(p).map(|u| u.name.as_str()).unwrap_or_default()),
            None => unit,
        }
    };
    let current: Vec<UnitId> = tree.units.iter().filter(|u| u.valid_to.is_none() && u.is_valid_on(today)).map(|u| u.id).collect();
    let choices = |ids: Vec<UnitId>| {
        let mut c: Vec<Choice> = ids.into_iter().map(|id| Choice { value: id.to_string(), label: label(id) }).collect();
        c.sort_by_cached_key(|c| text_sort_key(&c.label));
        c
    };
    let may_found = |id: &UnitId| match tree.level_of(*id) {
        Some(COMMUNE_LEVEL) => actor.can_found_branch(*id),
        Some(HAMLET_LEVEL) => tree.parent_on(*id, today).is_some_and(|c| actor.can_found_branch(c)),
        _ => false,
    };
    let leveled = |c: Choice| {
        let id = UnitId::parse(&c.value);
        let level = id.and_then(|id| tree.level_of(id)).unwrap_or_default();
        TreeChoice { level, version: id.and_then(|id| versions.get(&id).copied()).unwrap_or_default(), value: c.value, label: c.label }
    };
    let (event_kinds, event_units) = if actor.can_edit_tree() {
        let kinds = tree.types.iter().map(|t| TreeChoice { value: t.code.clone(), label: t.name.clone(), level: t.level, version: 0 });
        (kinds.collect(), choices(current.clone()).into_iter().map(leveled).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let commune_name = |c: Option<UnitId>| c.and_then(|c| tree.unit(c)).map(|u| u.name.clone());
    let mut renamable_branches: Vec<TreeChoice> = all_branches
        .iter()
        .filter(|b| b.is_active() && actor.can_dissolve_branch(b.commune_id))
        .map(|b| TreeChoice {
            value: b.id.to_string(),
            label: commune_name(b.commune_id).map_or_else(|| b.name.clone(), |c| format!("{} — {c}", b.name)),
            level: 0,
            version: b.version,
        })
        .collect();
    renamable_branches.sort_by_cached_key(|c| text_sort_key(&c.label));
    Ok(OrgView {
        as_of: on.to_vn(),
        nodes,
        can_edit_tree: actor.can_edit_tree(),
        unit_kinds: tree.types.iter().map(|t| Choice { value: t.code.clone(), label: format!("{} — cấp {}", t.name, t.level) }).collect(),
        parents: if actor.can_edit_tree() {
            choices(current.iter().copied().filter(|id| tree.level_of(*id) < Some(HAMLET_LEVEL)).collect())
        } else {
            Vec::new()
        },
        branch_units: choices(current.into_iter().filter(may_found).collect()),
        event_kinds,
        event_units,
        renamable_branches,
    })
}

fn sorted(tree: &OrgTree, mut ids: Vec<UnitId>) -> Vec<UnitId> {
    ids.sort_by_cached_key(|id| text_sort_key(tree.unit(*id).map(|u| u.name.as_str()).unwrap_or_default()));
    ids
}

fn walk(
    tree: &OrgTree,
    id: UnitId,
    depth: u8,
    on: Date,
    decisions: &HashMap<UnitId, String>,
    branches: &mut HashMap<UnitId, Vec<String>>,
    out: &mut Vec<OrgNode>,
) {
    let Some(unit) = tree.unit(id) else { return };
    let mut names = branches.remove(&id).unwrap_or_default();
    names.sort_by_cached_key(|n| text_sort_key(n));
    out.push(OrgNode {
        id: id.to_string(),
        depth,
        name: tree.name_on(id, on).unwrap_or(&unit.name).to_string(),
        kind: tree.type_of(id).map(|t| t.name.clone()).unwrap_or_default(),
        valid: match unit.valid_to {
            Some(to) => format!("{} – {}", unit.valid_from.to_vn(), to.to_vn()),
            None => format!("từ {}", unit.valid_from.to_vn()),
        },
        decision: decisions.get(&id).cloned().unwrap_or_default(),
        branches: names,
    });
    if depth < 8 {
        for child in sorted(tree, tree.children_on(id, on)) {
            walk(tree, child, depth + 1, on, decisions, branches, out);
        }
    }
}
