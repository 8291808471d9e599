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
}
