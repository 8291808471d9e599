//! The organisation tree: typed units with validity dates. Levels are configuration
//! (a unit type names its level), and a merge is an event that closes the old units and
//! re-attaches their children from a date on, leaving the past as it was.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::ids::UnitId;

mod events;
pub use events::{DissolvePlan, MergeDraft, MergePlan};

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
    /// The names units had before they were renamed.
    #[serde(default)]
    pub renames: Vec<Rename>,
}

/// A unit's former name, which it bore until the day before `on`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rename {
    pub unit: UnitId,
    pub on: Date,
    pub former_name: String,
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

    /// The name a unit bore on `date`: the former name of the first renaming after that day, or
    /// the name it bears now.
    pub fn name_on(&self, id: UnitId, date: Date) -> Option<&str> {
        let later = self.renames.iter().filter(|r| r.unit == id && r.on > date).min_by_key(|r| r.on);
        match later {
            Some(r) => Some(r.former_name.as_str()),
            None => self.unit(id).map(|u| u.name.as_str()),
        }
    }

    /// What the organisation is called as a whole on `date` ("huyện", "tỉnh"): the kind of its
    /// top units, when they are all of one kind that day ("tổ chức" otherwise, or before any).
    pub fn whole_name(&self, date: Date) -> String {
        let kinds: Vec<&UnitType> = self
            .units
            .iter()
            .filter(|u| u.is_valid_on(date) && self.level_of(u.id) == Some(0))
            .filter_map(|u| self.type_of(u.id))
            .collect();
        match kinds.first() {
            Some(first) if kinds.iter().all(|k| k.code == first.code) => first.name.to_lowercase(),
            _ => "tổ chức".into(),
        }
    }

    /// The type of a unit.
    pub fn type_of(&self, id: UnitId) -> Option<&UnitType> {
        let unit = self.unit(id)?;
        self.types.iter().find(|t| t.code == unit.type_code)
    }

    /// The names of the units under `parent` (or of the top units) existing on `date`, but `except`.
    fn sibling_names(&self, parent: Option<UnitId>, date: Date, except: &[UnitId]) -> Vec<&str> {
        let under = |u: &OrgUnit| match parent {
            Some(p) => self.parent_on(u.id, date) == Some(p),
            None => self.level_of(u.id) == Some(0),
        };
        self.units.iter().filter(|u| !except.contains(&u.id) && u.is_valid_on(date) && under(u)).map(|u| u.name.as_str()).collect()
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
        if self.sibling_names(parent, from, &[]).iter().any(|n| same_name(n, &name)) {
            return Err(DomainError::DuplicateUnitName(name));
        }
        Ok(OrgUnit { id, type_code: type_code.to_string(), name, valid_from: from, valid_to: None })
    }

    /// A unit's new name from `on`: the unit exists that day (and still does), `on` is not in
    /// the future nor before its last renaming, the name is another one and no sibling has it.
    pub fn check_rename(&self, id: UnitId, name: &str, on: Date, today: Date) -> Result<String, DomainError> {
        let unit = self.unit(id).ok_or(DomainError::NotFound("đơn vị"))?;
        if !unit.is_valid_on(on) || unit.valid_to.is_some() || on == unit.valid_from {
            return Err(DomainError::UnitEnded(unit.name.clone()));
        }
        if on > today {
            return Err(DomainError::OrgEventInFuture(on.to_vn()));
        }
        if let Some(last) = self.renames.iter().filter(|r| r.unit == id).map(|r| r.on).max().filter(|last| *last >= on) {
            return Err(DomainError::RenameBeforeLast(last.to_vn()));
        }
        let name = super::text::required_text(name, "tên đơn vị", 120)?;
        if unit.name == name {
            return Err(DomainError::SameName(name));
        }
        if self.sibling_names(self.parent_on(id, on), on, &[id]).iter().any(|n| same_name(n, &name)) {
            return Err(DomainError::DuplicateUnitName(name));
        }
        Ok(name)
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

    pub(super) fn d(s: &str) -> Date {
        Date::parse_vn(s).unwrap()
    }

    fn unit(name: &str, code: &str) -> OrgUnit {
        OrgUnit { id: UnitId::new(), type_code: code.into(), name: name.into(), valid_from: d("01/01/2000"), valid_to: None }
    }

    /// A district, a town and two communes under it, a quarter of the town, a hamlet of the first commune.
    pub(super) fn tree() -> (OrgTree, [UnitId; 6]) {
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
        (OrgTree { types, units, links, renames: Vec::new() }, ids)
    }

    #[test]
    fn finds_the_commune_of_a_hamlet() {
        let (t, ids) = tree();
        assert_eq!(t.ancestor_at_level(ids[4], 1, d("20/01/2019")), Some(ids[1]));
        assert_eq!(t.ancestor_at_level(ids[1], 1, d("20/01/2019")), Some(ids[1]));
        assert_eq!(t.children_on(ids[0], d("20/01/2019")).len(), 3);
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
        let (on, today) = (d("01/02/2026"), d("03/12/2026"));
        assert_eq!(t.check_rename(ids[4], " Khóm  Một ", on, today).as_deref(), Ok("Khóm Một"));
        assert_eq!(t.check_rename(ids[2], "Tân Công Chí", on, today), Err(DomainError::DuplicateUnitName("Tân Công Chí".into())));
        assert_eq!(t.check_rename(ids[2], "Bình Phú", on, today), Err(DomainError::SameName("Bình Phú".into())));
        assert_eq!(t.check_rename(ids[2], "BÌNH PHÚ", on, today).as_deref(), Ok("BÌNH PHÚ"), "its own name is not a clash");
        assert_eq!(t.check_rename(ids[2], "Bình Phú Mới", d("04/12/2026"), today), Err(DomainError::OrgEventInFuture("04/12/2026".into())));
        t.renames.push(Rename { unit: ids[2], on, former_name: "Bình Phú".into() });
        assert_eq!(
            t.check_rename(ids[2], "Bình Phú Mới", d("31/01/2026"), today),
            Err(DomainError::RenameBeforeLast("01/02/2026".into())),
            "a renaming comes after the last one"
        );
        t.units[1].valid_to = Some(d("30/06/2025"));
        assert_eq!(t.check_rename(ids[1], "Sa Rài mới", on, today), Err(DomainError::UnitEnded("Sa Rài".into())));
    }

    #[test]
    fn the_organisation_is_named_after_the_kind_of_its_top_units() {
        let (mut t, _) = tree();
        assert_eq!(t.whole_name(d("20/01/2019")), "huyện");
        assert_eq!(t.whole_name(d("01/01/1999")), "tổ chức", "before any unit");
        t.units[0].valid_to = Some(d("30/06/2025"));
        t.types.push(UnitType { code: "province".into(), name: "Tỉnh".into(), level: 0 });
        t.units.push(unit("Đồng Tháp", "province"));
        assert_eq!(t.whole_name(d("01/07/2025")), "tỉnh");
        assert_eq!(t.whole_name(d("20/01/2019")), "tổ chức", "a district and a province side by side");
    }

    #[test]
    fn a_renamed_unit_keeps_its_former_names_in_the_past() {
        let (mut t, ids) = tree();
        t.units[2].name = "Bình Phú B".into();
        t.renames.push(Rename { unit: ids[2], on: d("01/01/2020"), former_name: "Bình Phú".into() });
        t.renames.push(Rename { unit: ids[2], on: d("01/01/2010"), former_name: "Bình Phú Cũ".into() });
        assert_eq!(t.name_on(ids[2], d("31/12/2009")), Some("Bình Phú Cũ"));
        assert_eq!(t.name_on(ids[2], d("20/01/2019")), Some("Bình Phú"));
        assert_eq!(t.name_on(ids[2], d("01/01/2020")), Some("Bình Phú B"));
        assert_eq!(t.name_on(ids[3], d("20/01/2019")), Some("Tân Công Chí"));
    }
}
