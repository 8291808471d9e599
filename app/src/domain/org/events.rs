//! The events that change the tree from a date on, leaving the past as it was: several units
//! merged into a new one, a unit dissolved (what it still holds going to a successor). Each is
//! planned here from the tree and applied by the store; nothing before its date changes.

use serde::{Deserialize, Serialize};

use super::{OrgTree, OrgUnit, ParentLink, same_name};
use crate::domain::DomainError;
use crate::domain::date::Date;
use crate::domain::ids::UnitId;

/// What the administrator asks of a merge: the units merged, the new unit's kind and name, the
/// day it exists from (the old units end the day before), the unit it belongs to (`None`: the
/// one the merged units belonged to) and the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeDraft {
    pub sources: Vec<UnitId>,
    pub type_code: String,
    pub name: String,
    pub on: Date,
    #[serde(default)]
    pub parent_id: Option<UnitId>,
    pub decision_no: String,
}

/// What a merge changes: the new unit, the closed ones, the links ended and the links added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergePlan {
    pub new_unit: OrgUnit,
    pub level: u8,
    pub closed_units: Vec<UnitId>,
    pub ended_links: Vec<ParentLink>,
    pub new_links: Vec<ParentLink>,
}

/// What a dissolution changes: the unit ends the day before `on`; its links end; the units under
/// it go to the successor, if any, from `on`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DissolvePlan {
    pub unit: UnitId,
    pub level: u8,
    pub on: Date,
    pub successor: Option<UnitId>,
    pub ended_links: Vec<ParentLink>,
    pub new_links: Vec<ParentLink>,
}

impl OrgTree {
    /// A unit that exists on `on` and has not ended, and that existed before that day.
    fn open_on(&self, id: UnitId, on: Date) -> Result<&OrgUnit, DomainError> {
        let unit = self.unit(id).ok_or(DomainError::NotFound("đơn vị"))?;
        if !unit.is_valid_on(on) || unit.valid_to.is_some() || unit.valid_from == on {
            return Err(DomainError::UnitNotValid(unit.name.clone()));
        }
        Ok(unit)
    }

    /// Whether a unit exists on `on` (perhaps from that very day) and has not ended: it can
    /// receive units from that day.
    fn stands_on(&self, id: UnitId, on: Date) -> bool {
        self.unit(id).is_some_and(|u| u.is_valid_on(on) && u.valid_to.is_none())
    }

    /// The links current on `on` (or starting later), with `id` as child or as parent.
    fn links_from(&self, id: UnitId, on: Date) -> impl Iterator<Item = &ParentLink> {
        self.links.iter().filter(move |l| (l.child == id || l.parent == id) && l.valid_to.is_none_or(|to| to >= on))
    }

    /// Plans a merge. Refused unless there are at least two distinct units, all of one level,
    /// existing on the day and still open, of the kind's level; the day is not in the future;
    /// the new unit belongs to an open unit one level up (by default the merged units' own,
    /// which they must then share); no other unit there bears its name (a merged unit's name
    /// may be taken again).
    pub fn plan_merge(&self, draft: &MergeDraft, new_id: UnitId, today: Date) -> Result<MergePlan, DomainError> {
        let mut sources = draft.sources.clone();
        sources.sort_by_key(|s| s.0);
        sources.dedup();
        if sources.len() < 2 || sources.len() != draft.sources.len() {
            return Err(DomainError::InvalidMerge);
        }
        if draft.on > today {
            return Err(DomainError::OrgEventInFuture(draft.on.to_vn()));
        }
        let on = draft.on;
        let mut level = None;
        for &s in &draft.sources {
            self.open_on(s, on)?;
            let l = self.level_of(s);
            if level.is_some() && level != l {
                return Err(DomainError::InvalidMerge);
            }
            level = l;
        }
        let kind = self.types.iter().find(|t| t.code == draft.type_code).ok_or(DomainError::InvalidMerge)?;
        let level = level.filter(|l| *l == kind.level).ok_or(DomainError::InvalidMerge)?;
        let parent = match (level, draft.parent_id) {
            (0, None) => None,
            (0, Some(_)) => return Err(DomainError::TopHasNoParent),
            (_, Some(p)) => {
                let fits = self.level_of(p) == Some(level - 1) && self.stands_on(p, on);
                if !fits {
                    return Err(DomainError::WrongParent(kind.name.clone()));
                }
                Some(p)
            }
            (_, None) => {
                let parents: Vec<_> = draft.sources.iter().map(|s| self.parent_on(*s, on)).collect();
                match parents.first().copied().flatten() {
                    Some(p) if parents.iter().all(|q| *q == Some(p)) => Some(p),
                    _ => return Err(DomainError::MergeNeedsParent),
                }
            }
        };
        let name = crate::domain::text::required_text(&draft.name, "tên đơn vị", 120)?;
        if self.sibling_names(parent, on, &draft.sources).iter().any(|n| same_name(n, &name)) {
            return Err(DomainError::DuplicateUnitName(name));
        }
        let day_before = on.pred();
        let mut ended_links = Vec::new();
        let mut new_links: Vec<ParentLink> = Vec::new();
        for &s in &draft.sources {
            for link in self.links_from(s, on) {
                ended_links.push(ParentLink { valid_to: Some(day_before), ..link.clone() });
                if link.parent == s && !new_links.iter().any(|l| l.child == link.child) {
                    // A unit added under an old one after the day (recorded late) belongs to the
                    // new unit from its own start.
                    let from = on.max(link.valid_from);
                    new_links.push(ParentLink { child: link.child, parent: new_id, valid_from: from, valid_to: None });
                }
            }
        }
        if let Some(p) = parent {
            new_links.push(ParentLink { child: new_id, parent: p, valid_from: on, valid_to: None });
        }
        Ok(MergePlan {
            new_unit: OrgUnit { id: new_id, type_code: draft.type_code.clone(), name, valid_from: on, valid_to: None },
            level,
            closed_units: draft.sources.clone(),
            ended_links,
            new_links,
        })
    }

    /// Plans a unit's dissolution on `on` (it ends the day before). Refused if the unit is not
    /// open that day, if the day is in the future, or — when units are still under it or it
    /// still `holds` something (branches, members, accounts) — without a successor: an open unit
    /// of the same level, which receives them from that day.
    pub fn plan_dissolve(
        &self,
        id: UnitId,
        on: Date,
        successor: Option<UnitId>,
        holds: bool,
        today: Date,
    ) -> Result<DissolvePlan, DomainError> {
        let unit = self.open_on(id, on)?;
        if on > today {
            return Err(DomainError::OrgEventInFuture(on.to_vn()));
        }
        let level = self.level_of(id).ok_or(DomainError::NotFound("loại đơn vị"))?;
        let children = self.links_from(id, on).filter(|l| l.parent == id).count();
        if let Some(s) = successor {
            if s == id || self.level_of(s) != Some(level) || !self.stands_on(s, on) {
                return Err(DomainError::WrongSuccessor(unit.name.clone()));
            }
        } else if children > 0 || holds {
            return Err(DomainError::DissolveNeedsSuccessor(unit.name.clone()));
        }
        let day_before = on.pred();
        let ended_links = self.links_from(id, on).map(|l| ParentLink { valid_to: Some(day_before), ..l.clone() }).collect();
        let new_links = match successor {
            Some(s) => self
                .links_from(id, on)
                .filter(|l| l.parent == id)
                .map(|l| ParentLink { child: l.child, parent: s, valid_from: on.max(l.valid_from), valid_to: None })
                .collect(),
            None => Vec::new(),
        };
        Ok(DissolvePlan { unit: id, level, on, successor, ended_links, new_links })
    }

    /// Applies a planned merge to this tree.
    pub fn apply_merge(&mut self, plan: &MergePlan) {
        let close_on = plan.new_unit.valid_from.pred();
        for unit in self.units.iter_mut().filter(|u| plan.closed_units.contains(&u.id)) {
            unit.valid_to = Some(close_on);
        }
        self.end_links(&plan.ended_links);
        self.units.push(plan.new_unit.clone());
        self.links.extend(plan.new_links.iter().cloned());
    }

    /// Applies a planned dissolution to this tree.
    pub fn apply_dissolve(&mut self, plan: &DissolvePlan) {
        if let Some(unit) = self.units.iter_mut().find(|u| u.id == plan.unit) {
            unit.valid_to = Some(plan.on.pred());
        }
        self.end_links(&plan.ended_links);
        self.links.extend(plan.new_links.iter().cloned());
    }

    fn end_links(&mut self, ended: &[ParentLink]) {
        for e in ended {
            if let Some(l) = self.links.iter_mut().find(|l| l.child == e.child && l.parent == e.parent && l.valid_from == e.valid_from) {
                l.valid_to = e.valid_to;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::UnitType;
    use super::super::tests::{d, tree};
    use super::*;

    fn draft(sources: &[UnitId], name: &str, code: &str, on: &str) -> MergeDraft {
        MergeDraft {
            sources: sources.to_vec(),
            type_code: code.into(),
            name: name.into(),
            on: d(on),
            parent_id: None,
            decision_no: "1663/NQ-UBTVQH15".into(),
        }
    }

    fn today() -> Date {
        d("03/12/2026")
    }

    #[test]
    fn a_merge_keeps_the_past_and_changes_the_future() {
        let (mut t, ids) = tree();
        let new_id = UnitId::new();
        let plan = t.plan_merge(&draft(&[ids[1], ids[2], ids[3]], "Tân Hồng", "commune", "01/07/2025"), new_id, today()).unwrap();
        assert_eq!(plan.level, 1);
        t.apply_merge(&plan);
        // Before the merge the hamlet belonged to Sa Rài; after it, to the new commune.
        assert_eq!(t.ancestor_at_level(ids[4], 1, d("30/06/2025")), Some(ids[1]));
        assert_eq!(t.ancestor_at_level(ids[4], 1, d("01/07/2025")), Some(new_id));
        assert_eq!(t.ancestor_at_level(ids[5], 1, d("02/07/2025")), Some(new_id));
        // The old units still exist, closed the day before.
        let sa_rai = t.unit(ids[1]).unwrap();
        assert_eq!(sa_rai.valid_to, Some(d("30/06/2025")));
        assert!(sa_rai.is_valid_on(d("20/01/2019")));
        assert!(!sa_rai.is_valid_on(d("01/07/2025")));
        assert_eq!(t.children_on(ids[0], d("20/01/2019")).len(), 3, "the district's past is untouched");
        // The new commune hangs under the district, alone.
        assert_eq!(t.parent_on(new_id, d("01/08/2025")), Some(ids[0]));
        assert_eq!(t.children_on(ids[0], d("01/08/2025")), vec![new_id]);
        assert_eq!(t.children_on(new_id, d("01/08/2025")).len(), 2);
    }

    #[test]
    fn a_hamlet_added_under_an_old_commune_after_the_merge_day_goes_to_the_new_one_from_its_start() {
        let (mut t, ids) = tree();
        let late = UnitId::new();
        t.units
            .push(OrgUnit { id: late, type_code: "hamlet".into(), name: "Ấp Mới".into(), valid_from: d("01/02/2026"), valid_to: None });
        t.links.push(ParentLink { child: late, parent: ids[2], valid_from: d("01/02/2026"), valid_to: None });
        let new_id = UnitId::new();
        t.apply_merge(&t.plan_merge(&draft(&[ids[2], ids[3]], "Tân Phú", "commune", "01/07/2025"), new_id, today()).unwrap());
        assert_eq!(t.parent_on(late, d("01/03/2026")), Some(new_id));
        assert_eq!(
            t.links.iter().filter(|l| l.child == late && l.parent == new_id).map(|l| l.valid_from).collect::<Vec<_>>(),
            vec![d("01/02/2026")]
        );
        assert_eq!(t.parent_on(ids[5], d("01/07/2025")), Some(new_id));
    }

    #[test]
    fn the_new_unit_may_take_a_merged_units_name_and_belong_elsewhere() {
        let (mut t, ids) = tree();
        t.types.push(UnitType { code: "province".into(), name: "Tỉnh".into(), level: 0 });
        let province = UnitId::new();
        t.units.push(OrgUnit {
            id: province,
            type_code: "province".into(),
            name: "Đồng Tháp".into(),
            valid_from: d("01/01/2000"),
            valid_to: None,
        });
        let new_id = UnitId::new();
        let mut ask = draft(&[ids[2], ids[3]], "Tân Công Chí", "commune", "01/07/2025");
        ask.parent_id = Some(province);
        t.apply_merge(&t.plan_merge(&ask, new_id, today()).unwrap());
        assert_eq!(t.parent_on(new_id, d("01/07/2025")), Some(province));
        assert_eq!(t.parent_on(ids[2], d("30/06/2025")), Some(ids[0]));
        // A parent one level up that is open, never a hamlet nor a merged unit.
        ask.sources = vec![ids[1], new_id];
        ask.on = d("01/08/2025");
        ask.parent_id = Some(ids[4]);
        assert_eq!(t.plan_merge(&ask, UnitId::new(), today()), Err(DomainError::WrongParent("Xã".into())));
    }

    #[test]
    fn merges_are_refused_when_they_make_no_sense() {
        let (t, ids) = tree();
        let ask = |sources: &[UnitId], name: &str, on: &str| t.plan_merge(&draft(sources, name, "commune", on), UnitId::new(), today());
        assert_eq!(ask(&[ids[1]], "X", "01/07/2025"), Err(DomainError::InvalidMerge));
        assert_eq!(ask(&[ids[1], ids[1]], "X", "01/07/2025"), Err(DomainError::InvalidMerge), "twice the same unit");
        // A commune and a hamlet are not of one level; a hamlet kind for communes neither.
        assert_eq!(ask(&[ids[1], ids[4]], "X", "01/07/2025"), Err(DomainError::InvalidMerge));
        let hamlets = t.plan_merge(&draft(&[ids[1], ids[2]], "X", "hamlet", "01/07/2025"), UnitId::new(), today());
        assert_eq!(hamlets, Err(DomainError::InvalidMerge));
        // Before the units existed, or in the future.
        assert!(matches!(ask(&[ids[1], ids[2]], "X", "01/01/1999"), Err(DomainError::UnitNotValid(_))));
        assert_eq!(ask(&[ids[1], ids[2]], "X", "01/01/2027"), Err(DomainError::OrgEventInFuture("01/01/2027".into())));
        assert_eq!(ask(&[ids[1], ids[2]], "  ", "01/07/2025"), Err(DomainError::Required("tên đơn vị")));
        // The other commune of the district keeps its name to itself.
        assert_eq!(ask(&[ids[1], ids[2]], "tân công chí", "01/07/2025"), Err(DomainError::DuplicateUnitName("tân công chí".into())));
    }

    #[test]
    fn units_under_different_parents_merge_only_under_a_named_one() {
        let (mut t, ids) = tree();
        let other = UnitId::new();
        t.units.push(OrgUnit {
            id: other,
            type_code: "district".into(),
            name: "Hồng Ngự".into(),
            valid_from: d("01/01/2000"),
            valid_to: None,
        });
        t.links.retain(|l| l.child != ids[3]);
        t.links.push(ParentLink { child: ids[3], parent: other, valid_from: d("01/01/2000"), valid_to: None });
        let mut ask = draft(&[ids[2], ids[3]], "Tân Phú", "commune", "01/07/2025");
        assert_eq!(t.plan_merge(&ask, UnitId::new(), today()), Err(DomainError::MergeNeedsParent));
        ask.parent_id = Some(other);
        assert!(t.plan_merge(&ask, UnitId::new(), today()).is_ok());
    }

    #[test]
    fn a_unit_that_still_holds_something_is_dissolved_only_into_a_successor() {
        let (mut t, ids) = tree();
        let on = d("01/07/2025");
        // The district still has its communes; a hamlet with nothing left ends alone.
        assert_eq!(t.plan_dissolve(ids[0], on, None, false, today()), Err(DomainError::DissolveNeedsSuccessor("Tân Hồng".into())));
        assert_eq!(t.plan_dissolve(ids[5], on, None, true, today()), Err(DomainError::DissolveNeedsSuccessor("Ấp Bình Hòa".into())));
        let alone = t.plan_dissolve(ids[5], on, None, false, today()).unwrap();
        assert_eq!((alone.ended_links.len(), alone.new_links.len()), (1, 0));
        // The successor is an open unit of the same level, not the unit itself.
        assert_eq!(t.plan_dissolve(ids[1], on, Some(ids[4]), false, today()), Err(DomainError::WrongSuccessor("Sa Rài".into())));
        assert_eq!(t.plan_dissolve(ids[1], on, Some(ids[1]), false, today()), Err(DomainError::WrongSuccessor("Sa Rài".into())));
        assert_eq!(
            t.plan_dissolve(ids[1], d("04/12/2026"), Some(ids[2]), false, today()),
            Err(DomainError::OrgEventInFuture("04/12/2026".into()))
        );
        let plan = t.plan_dissolve(ids[1], on, Some(ids[2]), true, today()).unwrap();
        t.apply_dissolve(&plan);
        assert_eq!(t.parent_on(ids[4], d("30/06/2025")), Some(ids[1]));
        assert_eq!(t.parent_on(ids[4], on), Some(ids[2]), "the quarter goes to the successor");
        assert_eq!(t.unit(ids[1]).unwrap().valid_to, Some(d("30/06/2025")));
        assert!(!t.children_on(ids[0], on).contains(&ids[1]));
        assert!(matches!(t.plan_dissolve(ids[1], d("01/08/2025"), None, false, today()), Err(DomainError::UnitNotValid(_))));
    }
}
