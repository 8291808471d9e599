//! Party branches: agency (commune office) or residential (hamlet), active or dissolved.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::free_text::{DECISION_NO, FreeText};
use super::ids::{BranchId, UnitId};
use super::org::{OrgTree, same_name};

/// The level of communes, wards and towns in the organisation tree.
pub const COMMUNE_LEVEL: u8 = 1;
/// The level of hamlets and quarters.
pub const HAMLET_LEVEL: u8 = 2;

coded_enum!(
    /// Agency branch of the commune office, or residential branch of a hamlet.
    BranchKind {
        Agency = "agency", "Chi bộ cơ quan";
        Residential = "residential", "Chi bộ ấp, khóm";
    }
);

/// The dissolution of a branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dissolution {
    pub on: Date,
    pub decision_no: String,
}

/// A party branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub id: BranchId,
    pub name: String,
    pub kind: BranchKind,
    /// The unit the branch belongs to (a commune for agency branches, a hamlet for residential ones).
    pub unit_id: UnitId,
    /// The commune the branch is in, if any (a district-level branch has none).
    pub commune_id: Option<UnitId>,
    /// For a residential branch: the hamlet whose residents it gathers.
    pub hamlet_id: Option<UnitId>,
    pub dissolved: Option<Dissolution>,
    pub version: i64,
}

impl Branch {
    /// Active means not dissolved.
    pub fn is_active(&self) -> bool {
        self.dissolved.is_none()
    }

    /// A residential branch still active: it holds meetings and follows its members (the
    /// secretary's page).
    pub fn holds_meetings(&self) -> bool {
        self.kind == BranchKind::Residential && self.is_active()
    }

    /// A new branch founded on `on`: an agency branch belongs to a commune, a residential branch
    /// to a hamlet (its commune is the hamlet's), the unit existing that day; its name is free
    /// among the commune's active branches (`active`), and a hamlet has one active residential
    /// branch.
    pub fn found(
        id: BranchId,
        name: &str,
        kind: BranchKind,
        unit: UnitId,
        tree: &OrgTree,
        on: Date,
        active: &[Branch],
    ) -> Result<Branch, DomainError> {
        let exists = tree.unit(unit).is_some_and(|u| u.is_valid_on(on) && u.valid_to.is_none());
        let level = tree.level_of(unit);
        let (commune, hamlet) = match kind {
            BranchKind::Agency if exists && level == Some(COMMUNE_LEVEL) => (unit, None),
            BranchKind::Residential if exists && level == Some(HAMLET_LEVEL) => {
                (tree.parent_on(unit, on).ok_or(DomainError::BranchUnitMismatch)?, Some(unit))
            }
            _ => return Err(DomainError::BranchUnitMismatch),
        };
        let name = super::text::required_text(name, "tên chi bộ", 120)?;
        let mine = active.iter().filter(|b| b.is_active() && b.commune_id == Some(commune));
        if let Some(b) = mine.clone().find(|b| same_name(&b.name, &name)) {
            return Err(DomainError::DuplicateBranchName(b.name.clone()));
        }
        if let Some(b) = hamlet.and_then(|h| mine.clone().find(|b| b.kind == BranchKind::Residential && b.hamlet_id == Some(h))) {
            return Err(DomainError::HamletHasBranch(b.name.clone()));
        }
        Ok(Branch { id, name, kind, unit_id: unit, commune_id: Some(commune), hamlet_id: hamlet, dissolved: None, version: 1 })
    }

    /// Dissolves the branch on `on` by decision `decision_no`, refused while
    /// `official_members` members still belong to it officially.
    pub fn dissolve(&self, official_members: usize, on: Date, decision_no: &str) -> Result<Branch, DomainError> {
        if !self.is_active() {
            return Err(DomainError::AlreadyDissolved(self.name.clone()));
        }
        if official_members > 0 {
            return Err(DomainError::BranchNotEmpty { name: self.name.clone(), count: official_members });
        }
        let decision_no = FreeText::required(decision_no, DECISION_NO)?.into();
        Ok(Branch { dissolved: Some(Dissolution { on, decision_no }), ..self.clone() })
    }

    /// The branch under a new name: still active, another name, free among the commune's
    /// active branches (`active`).
    pub fn renamed(&self, name: &str, active: &[Branch]) -> Result<Branch, DomainError> {
        if !self.is_active() {
            return Err(DomainError::AlreadyDissolved(self.name.clone()));
        }
        let name = super::text::required_text(name, "tên chi bộ", 120)?;
        if name == self.name {
            return Err(DomainError::SameBranchName(name));
        }
        let mine = active.iter().filter(|b| b.id != self.id && b.is_active() && b.commune_id == self.commune_id);
        if let Some(b) = mine.clone().find(|b| same_name(&b.name, &name)) {
            return Err(DomainError::DuplicateBranchName(b.name.clone()));
        }
        Ok(Branch { name, ..self.clone() })
    }

    /// The branch once the units `from` (of `level`) went to `to` (a merge, or a dissolution
    /// into a successor), or `None` if it is not concerned: it follows its commune, and an
    /// active branch its own unit too (a dissolved one stays where it was dissolved).
    pub fn with_units_moved(&self, from: &[UnitId], to: UnitId, level: u8) -> Option<Branch> {
        let mut moved = self.clone();
        if level == COMMUNE_LEVEL && self.commune_id.is_some_and(|c| from.contains(&c)) {
            moved.commune_id = Some(to);
        }
        if self.is_active() && from.contains(&self.unit_id) {
            moved.unit_id = to;
            if level == HAMLET_LEVEL {
                moved.hamlet_id = Some(to);
            }
        }
        (moved != *self).then_some(moved)
    }
}

/// Hamlets merge only if at most one of them has an active residential branch: a hamlet has one.
pub fn check_hamlet_merge(branches: &[Branch], hamlets: &[UnitId]) -> Result<(), DomainError> {
    let with: Vec<&str> = branches
        .iter()
        .filter(|b| b.holds_meetings() && b.hamlet_id.is_some_and(|h| hamlets.contains(&h)))
        .map(|b| b.name.as_str())
        .collect();
    match with.len() {
        0 | 1 => Ok(()),
        _ => Err(DomainError::MergedHamletsHaveBranches(with.join(", "))),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn branch(kind: BranchKind, commune: UnitId, hamlet: Option<UnitId>) -> Branch {
        Branch {
            id: BranchId::new(),
            name: match kind {
                BranchKind::Agency => "Chi bộ Cơ quan xã".into(),
                BranchKind::Residential => "Chi bộ Ấp Thống Nhất".into(),
            },
            kind,
            unit_id: hamlet.unwrap_or(commune),
            commune_id: Some(commune),
            hamlet_id: hamlet,
            dissolved: None,
            version: 1,
        }
    }

    #[test]
    fn an_empty_branch_is_dissolved() {
        let b = branch(BranchKind::Agency, UnitId::new(), None);
        let on = Date::parse_vn("20/01/2019").unwrap();
        let done = b.dissolve(0, on, " 05-QĐ/ĐU ").unwrap();
        assert!(!done.is_active());
        assert_eq!(done.dissolved, Some(Dissolution { on, decision_no: "05-QĐ/ĐU".into() }));
    }

    #[test]
    fn a_branch_with_members_is_not_dissolved() {
        let b = branch(BranchKind::Agency, UnitId::new(), None);
        let err = b.dissolve(3, Date::parse_vn("20/01/2019").unwrap(), "05-QĐ/ĐU").unwrap_err();
        assert_eq!(err, DomainError::BranchNotEmpty { name: b.name.clone(), count: 3 });
        assert_eq!(
            err.to_string(),
            "«Chi bộ Cơ quan xã» còn 3 đảng viên sinh hoạt chính thức; chỉ giải thể được khi không còn đảng viên nào."
        );
    }

    #[test]
    fn dissolution_needs_a_decision_and_happens_once() {
        let b = branch(BranchKind::Agency, UnitId::new(), None);
        let on = Date::parse_vn("20/01/2019").unwrap();
        assert_eq!(b.dissolve(0, on, ""), Err(DomainError::Required("số quyết định giải thể")));
        let done = b.dissolve(0, on, "05").unwrap();
        assert_eq!(done.dissolve(0, on, "06"), Err(DomainError::AlreadyDissolved(b.name.clone())));
    }

    #[test]
    fn only_active_residential_branches_hold_meetings() {
        let (commune, hamlet) = (UnitId::new(), UnitId::new());
        let residential = branch(BranchKind::Residential, commune, Some(hamlet));
        assert!(residential.holds_meetings());
        let on = Date::parse_vn("20/01/2019").unwrap();
        assert!(!residential.dissolve(0, on, "05").unwrap().holds_meetings());
        assert!(!branch(BranchKind::Agency, commune, None).holds_meetings());
    }

    #[test]
    fn kinds_round_trip() {
        for k in [BranchKind::Agency, BranchKind::Residential] {
            assert_eq!(BranchKind::from_code(k.code()), Some(k));
        }
        assert_eq!(BranchKind::from_code("other"), None);
    }

    #[test]
    fn a_branch_is_founded_in_a_commune_or_a_hamlet_under_a_free_name() {
        use crate::domain::org::{OrgUnit, ParentLink, UnitType};
        let on = Date::parse_vn("01/02/2026").unwrap();
        let since = Date::parse_vn("01/01/2000").unwrap();
        let (district, commune, hamlet, other) = (UnitId::new(), UnitId::new(), UnitId::new(), UnitId::new());
        let unit =
            |id, code: &str, name: &str| OrgUnit { id, type_code: code.into(), name: name.into(), valid_from: since, valid_to: None };
        let link = |child, parent| ParentLink { child, parent, valid_from: since, valid_to: None };
        let tree = OrgTree {
            types: vec![
                UnitType { code: "district".into(), name: "Huyện".into(), level: 0 },
                UnitType { code: "commune".into(), name: "Xã".into(), level: COMMUNE_LEVEL },
                UnitType { code: "hamlet".into(), name: "Ấp".into(), level: HAMLET_LEVEL },
            ],
            units: vec![
                unit(district, "district", "Tân Hồng"),
                unit(commune, "commune", "Bình Phú"),
                unit(hamlet, "hamlet", "Ấp Thống Nhất"),
                unit(other, "hamlet", "Ấp Bình Hòa"),
            ],
            links: vec![link(commune, district), link(hamlet, commune), link(other, commune)],
            renames: Vec::new(),
        };
        let agency = Branch::found(BranchId::new(), "Chi bộ Cơ quan", BranchKind::Agency, commune, &tree, on, &[]).unwrap();
        assert_eq!((agency.commune_id, agency.hamlet_id), (Some(commune), None));
        let home = Branch::found(BranchId::new(), " Chi bộ  Ấp Thống Nhất ", BranchKind::Residential, hamlet, &tree, on, &[]).unwrap();
        assert_eq!((home.name.as_str(), home.commune_id, home.hamlet_id), ("Chi bộ Ấp Thống Nhất", Some(commune), Some(hamlet)));
        // The unit must fit the kind.
        for (kind, unit) in [(BranchKind::Agency, hamlet), (BranchKind::Residential, commune), (BranchKind::Agency, district)] {
            assert_eq!(Branch::found(BranchId::new(), "Chi bộ X", kind, unit, &tree, on, &[]), Err(DomainError::BranchUnitMismatch));
        }
        // One name per commune, one residential branch per hamlet; a dissolved one does not count.
        let active = [home.clone()];
        assert_eq!(
            Branch::found(BranchId::new(), "CHI BỘ ẤP THỐNG NHẤT", BranchKind::Residential, other, &tree, on, &active),
            Err(DomainError::DuplicateBranchName("Chi bộ Ấp Thống Nhất".into()))
        );
        assert_eq!(
            Branch::found(BranchId::new(), "Chi bộ Ấp 2", BranchKind::Residential, hamlet, &tree, on, &active),
            Err(DomainError::HamletHasBranch("Chi bộ Ấp Thống Nhất".into()))
        );
        let gone = [home.dissolve(0, on, "01-QĐ").unwrap()];
        assert!(Branch::found(BranchId::new(), "Chi bộ Ấp Thống Nhất", BranchKind::Residential, hamlet, &tree, on, &gone).is_ok());
    }

    #[test]
    fn a_branch_is_renamed_to_a_free_name_while_active() {
        let commune = UnitId::new();
        let mine = branch(BranchKind::Residential, commune, Some(UnitId::new()));
        let other = Branch { name: "Chi bộ Khóm 2".into(), ..branch(BranchKind::Residential, commune, Some(UnitId::new())) };
        let all = [mine.clone(), other.clone()];
        assert_eq!(mine.renamed("  Chi bộ  Ấp Thống Nhất A ", &all).map(|b| b.name), Ok("Chi bộ Ấp Thống Nhất A".into()));
        assert_eq!(mine.renamed("chi bộ khóm 2", &all), Err(DomainError::DuplicateBranchName("Chi bộ Khóm 2".into())));
        assert_eq!(mine.renamed("Chi bộ Ấp Thống Nhất", &all), Err(DomainError::SameBranchName("Chi bộ Ấp Thống Nhất".into())));
        assert!(mine.renamed("CHI BỘ ẤP THỐNG NHẤT", &all).is_ok(), "its own name in capitals is no clash");
        let gone = Branch { dissolved: Some(Dissolution { on: Date::parse_vn("01/01/2020").unwrap(), decision_no: "1".into() }), ..mine };
        assert!(matches!(gone.renamed("Chi bộ mới", &all), Err(DomainError::AlreadyDissolved(_))));
    }

    #[test]
    fn branches_follow_their_units_into_a_merge() {
        let (old, other, new) = (UnitId::new(), UnitId::new(), UnitId::new());
        let hamlet = UnitId::new();
        let residential = branch(BranchKind::Residential, old, Some(hamlet));
        let moved = residential.with_units_moved(&[old, other], new, COMMUNE_LEVEL).unwrap();
        assert_eq!((moved.commune_id, moved.unit_id, moved.hamlet_id), (Some(new), hamlet, Some(hamlet)));
        // A dissolved agency branch follows its commune but stays in the unit it was dissolved in.
        let agency = branch(BranchKind::Agency, old, None);
        let dissolved = agency.dissolve(0, Date::parse_vn("20/01/2019").unwrap(), "5").unwrap();
        let moved = dissolved.with_units_moved(&[old, other], new, COMMUNE_LEVEL).unwrap();
        assert_eq!((moved.commune_id, moved.unit_id), (Some(new), old));
        assert_eq!(agency.with_units_moved(&[old], new, COMMUNE_LEVEL).map(|b| b.unit_id), Some(new));
        // Hamlets merged: the branch goes to the new hamlet; a branch elsewhere is not concerned.
        let moved = residential.with_units_moved(&[hamlet], new, HAMLET_LEVEL).unwrap();
        assert_eq!((moved.unit_id, moved.hamlet_id, moved.commune_id), (new, Some(new), Some(old)));
        assert_eq!(residential.with_units_moved(&[other], new, COMMUNE_LEVEL), None);
    }

    #[test]
    fn hamlets_with_two_active_branches_do_not_merge() {
        let commune = UnitId::new();
        let (h1, h2, h3) = (UnitId::new(), UnitId::new(), UnitId::new());
        let b1 = branch(BranchKind::Residential, commune, Some(h1));
        let b2 = Branch { name: "Chi bộ Ấp Hai".into(), ..branch(BranchKind::Residential, commune, Some(h2)) };
        let all = [b1, b2];
        assert_eq!(check_hamlet_merge(&all, &[h1, h3]), Ok(()));
        assert_eq!(
            check_hamlet_merge(&all, &[h1, h2]),
            Err(DomainError::MergedHamletsHaveBranches("Chi bộ Ấp Thống Nhất, Chi bộ Ấp Hai".into()))
        );
    }
}
