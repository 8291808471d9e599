//! The organisation tree: typed units with validity dates. Levels are configuration
//! (a unit type names its level), and a merge is an event that closes the old units and
//! re-attaches their children from a date on, leaving the past as it was.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::ids::UnitId;

/// A kind of unit and its level in the tree (0 = top). Stored as configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitType {
    /// Stable code, e.g. `district`, `commune`, `town`, `hamlet`, `quarter`.
    pub code: String,
    /// Vietnamese name, e.g. `Xã`, `Thị trấn`, `Ấp`, `Khóm`.
    pub name: String,
    /// Depth in the tree; communes and towns share a level.
    pub level: u8,
}

/// An organisation unit, valid from a date and, once closed, until a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: UnitId,
    pub type_code: String,
    pub name: String,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

impl OrgUnit {
    /// Whether the unit exists on `date`.
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// That `child` belongs to `parent` between two dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentLink {
    pub child: UnitId,
    pub parent: UnitId,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

/// The whole tree with its history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgTree {
    pub types: Vec<UnitType>,
    pub units: Vec<OrgUnit>,
    pub links: Vec<ParentLink>,
}

/// What a merge changes: the new unit, the closed ones, the links ended and the links added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergePlan {
    pub new_unit: OrgUnit,
    pub closed_units: Vec<UnitId>,
    pub ended_links: Vec<ParentLink>,
    pub new_links: Vec<ParentLink>,
}

impl OrgTree {
    /// The unit with this id.
    pub fn unit(&self, id: UnitId) -> Option<&OrgUnit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The level of a unit, from its type.
    pub fn level_of(&self, id: UnitId) -> Option<u8> {
        let unit = self.unit(id)?;
        self.types.iter().find(|t| t.code == unit.type_code).map(|t| t.level)
    }

    /// The parent of `id` on `date`.
    pub fn parent_on(&self, id: UnitId, date: Date) -> Option<UnitId> {
        self.links.iter().find(|l| l.child == id && l.valid_from <= date && l.valid_to.is_none_or(|to| date <= to)).map(|l| l.parent)
    }

    /// The children of `id` on `date`.
    pub fn children_on(&self, id: UnitId, date: Date) -> Vec<UnitId> {
        self.links
            .iter()
            .filter(|l| l.parent == id && l.valid_from <= date && l.valid_to.is_none_or(|to| date <= to))
            .map(|l| l.child)
            .collect()
    }

    /// The ancestor of `id` (or `id` itself) at `level` on `date`.
    pub fn ancestor_at_level(&self, id: UnitId, level: u8, date: Date) -> Option<UnitId> {
        let mut current = id;
        for _ in 0..16 {
            if self.level_of(current)? == level {
                return Some(current);
            }
            current = self.parent_on(current, date)?;
        }
        None
    }

    /// The type of a unit.
    pub fn type_of(&self, id: UnitId) -> Option<&UnitType> {
        let unit = self.unit(id)?;
        self.types.iter().find(|t| t.code == unit.type_code)
    }

    /// The names of the units under `parent` (or of the top units) existing on `date`, but `except`.
    fn sibling_names(&self, parent: Option<UnitId>, date: Date, except: Option<UnitId>) -> Vec<&str> {
        let under = |u: &OrgUnit| match parent {
            Some(p) => self.parent_on(u.id, date) == Some(p),
            None => self.level_of(u.id) == Some(0),
        };
        self.units.iter().filter(|u| Some(u.id) != except && u.is_valid_on(date) && under(u)).map(|u| u.name.as_str()).collect()
    }

    /// A new unit of `type_code` named `name`, existing from `from`: a unit of the top level has
    /// no parent; any other belongs to an existing unit one level up; no unit under the same
    /// parent has the same name that day (ignoring case, spacing and diacritic encoding).
    pub fn check_new_unit(
        &self,
        id: UnitId,
        type_code: &str,
        name: &str,
        parent: Option<UnitId>,
        from: Date,
    ) -> Result<OrgUnit, DomainError> {
        let kind = self.types.iter().find(|t| t.code == type_code).ok_or_else(|| DomainError::UnknownUnitType(type_code.to_string()))?;
        match (kind.level, parent) {
            (0, Some(_)) => return Err(DomainError::TopHasNoParent),
            (0, None) => {}
            (_, None) => return Err(DomainError::WrongParent(kind.name.clone())),
            (level, Some(p)) => {
                let fits = self.level_of(p) == Some(level - 1) && self.unit(p).is_some_and(|u| u.is_valid_on(from));
                if !fits {
                    return Err(DomainError::WrongParent(kind.name.clone()));
                }
            }
        }
        let name = super::text::required_text(name, "tên đơn vị", 120)?;
        if self.sibling_names(parent, from, None).iter().any(|n| same_name(n, &name)) {
            return Err(DomainError::DuplicateUnitName(name));
        }
        Ok(OrgUnit { id, type_code: type_code.to_string(), name, valid_from: from, valid_to: None })
    }

    /// A unit's new name from `on`: the unit exists that day and no sibling has the name.
    pub fn check_rename(&self, id: UnitId, name: &str, on: Date) -> Result<String, DomainError> {
        let unit = self.unit(id).ok_or(DomainError::NotFound("đơn vị"))?;
        if !unit.is_valid_on(on) || unit.valid_to.is_some() {
            return Err(DomainError::UnitEnded(unit.name.clone()));
        }
        let name = super::text::required_text(name, "tên đơn vị", 120)?;
        if self.sibling_names(self.parent_on(id, on), on, Some(id)).iter().any(|n| same_name(n, &name)) {
            return Err(DomainError::DuplicateUnitName(name));
        }
        Ok(name)
    }

    /// Plans the merge of `sources` into a new unit named `name` of type `type_code` from `date`.
    /// Refused unless there are at least two sources, all of one level and valid on `date`.
    pub fn plan_merge(
        &self,
        sources: &[UnitId],
        new_id: UnitId,
        name: &str,
        type_code: &str,
        date: Date,
    ) -> Result<MergePlan, DomainError> {
        if sources.len() < 2 {
            return Err(DomainError::InvalidMerge);
        }
        let mut level = None;
        for &s in sources {
            let unit = self.unit(s).ok_or(DomainError::NotFound("đơn vị"))?;
            if !unit.is_valid_on(date) || unit.valid_from == date {
                return Err(DomainError::UnitNotValid(unit.name.clone()));
            }
            let l = self.level_of(s);
            if level.is_some() && level != l {
                return Err(DomainError::InvalidMerge);
            }
            level = l;
        }
        let new_level = self.types.iter().find(|t| t.code == type_code).map(|t| t.level);
        if new_level.is_none() || new_level != level {
            return Err(DomainError::InvalidMerge);
        }
        let name = super::text::required_text(name, "Tên đơn vị", 120)?;
        let day_before = date.pred();
        let mut ended_links = Vec::new();
        let mut new_links = Vec::new();
        for link in &self.links {
            let current = link.valid_to.is_none_or(|to| to >= date);
            if !current {
                continue;
            }
            if sources.contains(&link.parent) {
                ended_links.push(ParentLink { valid_to: Some(day_before), ..link.clone() });
                new_links.push(ParentLink { child: link.child, parent: new_id, valid_from: date, valid_to: None });
            } else if sources.contains(&link.child) {
                ended_links.push(ParentLink { valid_to: Some(day_before), ..link.clone() });
                new_links.push(ParentLink { child: new_id, parent: link.parent, valid_from: date, valid_to: None });
            }
        }
        new_links.dedup_by(|a, b| a.child == b.child && a.parent == b.parent);
        Ok(MergePlan {
            new_unit: OrgUnit { id: new_id, type_code: type_code.to_string(), name, valid_from: date, valid_to: None },
            closed_units: sources.to_vec(),
            ended_links,
            new_links,
        })
    }

    /// Applies a planned merge to this tree.
    pub fn apply_merge(&mut self, plan: &MergePlan) {
        let close_on = plan.new_unit.valid_from.pred();
        for unit in self.units.iter_mut().filter(|u| plan.closed_units.contains(&u.id)) {
            unit.valid_to = Some(close_on);
        }
        for ended in &plan.ended_links {
            if let Some(l) =
                self.links.iter_mut().find(|l| l.child == ended.child && l.parent == ended.parent && l.valid_from == ended.valid_from)
            {
                l.valid_to = ended.valid_to;
            }
        }
        self.units.push(plan.new_unit.clone());
        self.links.extend(plan.new_links.iter().cloned());
    }
}

/// Whether two names are the same name, case and spacing aside (both already in Unicode NFC, as
/// every stored name and every name through `required_text` on the server is). Diacritics count:
/// "Tân Thành" and "Tân Thạnh" are two places.
pub fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_vn(s).unwrap()
    }

    fn unit(name: &str, code: &str) -> OrgUnit {
        OrgUnit { id: UnitId::new(), type_code: code.into(), name: name.into(), valid_from: d("01/01/2000"), valid_to: None }
    }

    fn tree() -> (OrgTree, [UnitId; 6]) {
        let types = vec![
            UnitType { code: "district".into(), name: "Huyện".into(), level: 0 },
            UnitType { code: "commune".into(), name: "Xã".into(), level: 1 },
            UnitType { code: "town".into(), name: "Thị trấn".into(), level: 1 },
            UnitType { code: "hamlet".into(), name: "Ấp".into(), level: 2 },
        ];
        let units = vec![
            unit("Tân Hồng", "district"),
            unit("Sa Rài", "town"),
            unit("Bình Phú", "commune"),
            unit("Tân Công Chí", "commune"),
            unit("Khóm 1", "hamlet"),
            unit("Ấp Bình Hòa", "hamlet"),
        ];
        let ids = [units[0].id, units[1].id, units[2].id, units[3].id, units[4].id, units[5].id];
        let link = |c: usize, p: usize| ParentLink { child: ids[c], parent: ids[p], valid_from: d("01/01/2000"), valid_to: None };
        let links = vec![link(1, 0), link(2, 0), link(3, 0), link(4, 1), link(5, 2)];
        (OrgTree { types, units, links }, ids)
    }

    #[test]
    fn finds_the_commune_of_a_hamlet() {
        let (t, ids) = tree();
        assert_eq!(t.ancestor_at_level(ids[4], 1, d("20/01/2019")), Some(ids[1]));
        assert_eq!(t.ancestor_at_level(ids[1], 1, d("20/01/2019")), Some(ids[1]));
        assert_eq!(t.children_on(ids[0], d("20/01/2019")).len(), 3);
    }

    #[test]
    fn a_merge_keeps_the_past_and_changes_the_future() {
        let (mut t, ids) = tree();
        let new_id = UnitId::new();
        let plan = t.plan_merge(&[ids[1], ids[2], ids[3]], new_id, "Tân Hồng", "commune", d("01/07/2025")).unwrap();
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
        // The new commune hangs under the district.
        assert_eq!(t.parent_on(new_id, d("01/08/2025")), Some(ids[0]));
    }

    #[test]
    fn merges_are_refused_when_they_make_no_sense() {
        let (t, ids) = tree();
        let on = d("01/07/2025");
        assert_eq!(t.plan_merge(&[ids[1]], UnitId::new(), "X", "commune", on), Err(DomainError::InvalidMerge));
        // A commune and a hamlet are not of one level.
        assert_eq!(t.plan_merge(&[ids[1], ids[4]], UnitId::new(), "X", "commune", on), Err(DomainError::InvalidMerge));
        // Before the units existed.
        assert!(matches!(
            t.plan_merge(&[ids[1], ids[2]], UnitId::new(), "X", "commune", d("01/01/1999")),
            Err(DomainError::UnitNotValid(_))
        ));
        assert_eq!(t.plan_merge(&[ids[1], ids[2]], UnitId::new(), "  ", "commune", on), Err(DomainError::Required("Tên đơn vị")));
    }

    #[test]
    fn a_new_unit_belongs_to_an_existing_unit_one_level_up_under_a_free_name() {
        let (t, ids) = tree();
        let on = d("01/02/2026");
        let hamlet = t.check_new_unit(UnitId::new(), "hamlet", " Ấp  Mới ", Some(ids[2]), on).unwrap();
        assert_eq!((hamlet.name.as_str(), hamlet.valid_from, hamlet.valid_to), ("Ấp Mới", on, None));
        assert!(t.check_new_unit(UnitId::new(), "commune", "Tân Phước", Some(ids[0]), on).is_ok());
        assert!(t.check_new_unit(UnitId::new(), "district", "Hồng Ngự", None, on).is_ok());
        // Wrong level, no parent, a parent for the top, a type that is not configured.
        assert_eq!(t.check_new_unit(UnitId::new(), "hamlet", "Ấp Mới", Some(ids[0]), on), Err(DomainError::WrongParent("Ấp".into())));
        assert_eq!(t.check_new_unit(UnitId::new(), "hamlet", "Ấp Mới", None, on), Err(DomainError::WrongParent("Ấp".into())));
        assert_eq!(t.check_new_unit(UnitId::new(), "district", "X", Some(ids[0]), on), Err(DomainError::TopHasNoParent));
        assert_eq!(t.check_new_unit(UnitId::new(), "ward", "X", Some(ids[0]), on), Err(DomainError::UnknownUnitType("ward".into())));
        // A parent that did not exist yet on that day.
        assert!(matches!(
            t.check_new_unit(UnitId::new(), "hamlet", "Ấp Mới", Some(ids[2]), d("01/01/1999")),
            Err(DomainError::WrongParent(_))
        ));
        assert_eq!(t.check_new_unit(UnitId::new(), "hamlet", " ", Some(ids[2]), on), Err(DomainError::Required("tên đơn vị")));
    }

    #[test]
    fn two_units_under_one_parent_do_not_share_a_name_however_it_is_typed() {
        let (t, ids) = tree();
        let on = d("01/02/2026");
        // "Ấp Bình Hòa" already under Bình Phú: in capitals, with doubled spaces, decomposed (NFD).
        for typed in ["ẤP BÌNH HÒA", "Ấp  Bình Hòa", "A\u{0302}\u{0301}p Bi\u{0300}nh Ho\u{0300}a"] {
            assert!(
                matches!(t.check_new_unit(UnitId::new(), "hamlet", typed, Some(ids[2]), on), Err(DomainError::DuplicateUnitName(_))),
                "{typed}"
            );
        }
        // Another tone mark is another name; under another commune the name is free.
        assert!(t.check_new_unit(UnitId::new(), "hamlet", "Ấp Bình Hoà Mới", Some(ids[2]), on).is_ok());
        assert!(t.check_new_unit(UnitId::new(), "hamlet", "Ấp Bình Hòa", Some(ids[3]), on).is_ok());
    }

    #[test]
    fn a_unit_is_renamed_to_a_free_name_while_it_exists() {
        let (mut t, ids) = tree();
        let on = d("01/02/2026");
        assert_eq!(t.check_rename(ids[4], " Khóm  Một ", on).as_deref(), Ok("Khóm Một"));
        assert_eq!(t.check_rename(ids[2], "Tân Công Chí", on), Err(DomainError::DuplicateUnitName("Tân Công Chí".into())));
        assert_eq!(t.check_rename(ids[2], "Bình Phú", on).as_deref(), Ok("Bình Phú"), "its own name is not a clash");
        let plan = t.plan_merge(&[ids[1], ids[2]], UnitId::new(), "Tân Hồng", "commune", d("01/07/2025")).unwrap();
        t.apply_merge(&plan);
        assert_eq!(t.check_rename(ids[1], "Sa Rài mới", on), Err(DomainError::UnitEnded("Sa Rài".into())));
    }
}
