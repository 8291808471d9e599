//! Party branches: agency (commune office) or residential (hamlet), active or dissolved.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::free_text::{DECISION_NO, FreeText};
use super::ids::{BranchId, UnitId};

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
}
