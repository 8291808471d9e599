//! The administrator's set-up home: what an organisation that starts from nothing has done and
//! what comes next — units, then branches, accounts, members, a campaign.

use serde::{Deserialize, Serialize};

/// How much of the organisation exists today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupCounts {
    /// Current units at the top (province or district), communes (level 1), hamlets (level 2).
    pub top_units: usize,
    pub communes: usize,
    pub hamlets: usize,
    /// Active residential branches.
    pub residential_branches: usize,
    /// Accounts of commune offices and of branch secretaries.
    pub office_accounts: usize,
    pub secretary_accounts: usize,
    pub members: usize,
    pub open_campaigns: usize,
}

coded_enum!(
    /// The steps of setting up, in their order.
    SetupStep {
        Units = "units", "Đơn vị";
        Branches = "branches", "Chi bộ";
        Accounts = "accounts", "Tài khoản";
        Members = "members", "Đảng viên";
        Campaign = "campaign", "Đợt chuyển";
    }
);

/// A step, whether it is done, and what stands in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    pub step: SetupStep,
    pub done: bool,
    pub detail: String,
}

/// Every step in order: units are done with a top unit, a commune and a hamlet; branches with a
/// residential branch; accounts with a commune office's; members with one member; the campaign
/// with one open.
pub fn steps(c: &SetupCounts) -> Vec<StepState> {
    let state = |step, done, detail: String| StepState { step, done, detail };
    vec![
        state(
            SetupStep::Units,
            c.top_units > 0 && c.communes > 0 && c.hamlets > 0,
            format!("{} đơn vị cấp cao nhất, {} xã, phường, thị trấn, {} ấp, khóm.", c.top_units, c.communes, c.hamlets),
        ),
        state(SetupStep::Branches, c.residential_branches > 0, format!("{} chi bộ ấp, khóm đang hoạt động.", c.residential_branches)),
        state(
            SetupStep::Accounts,
            c.office_accounts > 0,
            format!("{} tài khoản văn phòng Đảng ủy xã, {} tài khoản bí thư chi bộ.", c.office_accounts, c.secretary_accounts),
        ),
        state(SetupStep::Members, c.members > 0, format!("{} đảng viên trong danh sách.", c.members)),
        state(SetupStep::Campaign, c.open_campaigns > 0, format!("{} đợt chuyển đang thực hiện.", c.open_campaigns)),
    ]
}

/// The first step not done yet (`None`: everything is set up).
pub fn next_step(states: &[StepState]) -> Option<SetupStep> {
    states.iter().find(|s| !s.done).map(|s| s.step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_organisation_starts_with_its_units() {
        let states = steps(&SetupCounts::default());
        assert_eq!(states.iter().map(|s| s.step).collect::<Vec<_>>(), SetupStep::ALL.to_vec());
        assert!(states.iter().all(|s| !s.done));
        assert_eq!(next_step(&states), Some(SetupStep::Units));
        assert_eq!(states[0].detail, "0 đơn vị cấp cao nhất, 0 xã, phường, thị trấn, 0 ấp, khóm.");
    }

    #[test]
    fn the_next_step_is_the_first_not_done() {
        // A province and a commune but no hamlet yet: the units are not done.
        let c = SetupCounts { top_units: 1, communes: 1, ..SetupCounts::default() };
        assert_eq!(next_step(&steps(&c)), Some(SetupStep::Units));
        let c = SetupCounts { hamlets: 2, residential_branches: 2, secretary_accounts: 1, ..c };
        assert_eq!(next_step(&steps(&c)), Some(SetupStep::Accounts), "a secretary's account is not the office's");
        let c = SetupCounts { office_accounts: 1, members: 3, ..c };
        assert_eq!(next_step(&steps(&c)), Some(SetupStep::Campaign));
        assert_eq!(next_step(&steps(&SetupCounts { open_campaigns: 1, ..c })), None);
    }
}
