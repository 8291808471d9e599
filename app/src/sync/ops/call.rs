//! An operation called from its own arguments, for the outbox (see [`OpCall`]).

use serde::Serialize;
use serde_json::Value;

use super::*;

/// An operation called: its wire name and its arguments as JSON, ready for a mutation.
///
/// Made from one operation's arguments (`OpCall::from(MoveMember { .. })`): the browser's code
/// then holds the serialisers of the operations its pieces make, each in its piece (the board's
/// two in the main module), where going through [`Op::args`] would bring all seventeen along.
#[derive(Clone, Debug, PartialEq)]
pub struct OpCall {
    pub name: &'static str,
    pub args: Value,
}

/// The arguments of one operation, with the operation's wire name.
pub trait Operation: Serialize {
    const NAME: &'static str;
}

macro_rules! operations {
    ($($args:ident => $index:literal),* $(,)?) => {
        $(impl Operation for $args {
            const NAME: &'static str = OP_NAMES[$index];
        })*
    };
}

operations! {
    MoveMember => 0, ConfirmTransfer => 1, DissolveBranch => 2, SaveTask => 5, SaveEvaluation => 6, SaveMeeting => 7,
    SaveNote => 8, CreateUnit => 9, CreateBranch => 10, CreateCampaign => 11, CloseCampaign => 12, MergeUnits => 13,
    RenameUnit => 14, DissolveUnit => 15, RenameBranch => 16,
}

impl OpCall {
    fn of(name: &'static str, args: &impl Serialize) -> Self {
        Self { name, args: serde_json::to_value(args).unwrap_or(Value::Null) }
    }

    /// `member.create` (a new member) or `member.update`, which share their arguments.
    pub fn save_member(args: &SaveMember, is_new: bool) -> Self {
        Self::of(if is_new { OP_NAMES[3] } else { OP_NAMES[4] }, args)
    }
}

impl<T: Operation> From<T> for OpCall {
    fn from(args: T) -> Self {
        Self::of(T::NAME, &args)
    }
}

/// For the server and the tests, which hold parsed operations.
impl From<&Op> for OpCall {
    fn from(op: &Op) -> Self {
        Self { name: op.name(), args: op.args() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::ids::{BranchId, CampaignId, MemberId, UnitId};

    #[test]
    fn a_call_made_from_arguments_is_the_operation_s() {
        let (campaign_id, member_id, branch_id, unit_id) = (CampaignId::new(), MemberId::new(), BranchId::new(), UnitId::new());
        let on = Date::parse_vn("20/01/2019").unwrap();
        let calls = [
            (
                OpCall::from(MoveMember { campaign_id, member_id, target_branch_id: Some(branch_id) }),
                Op::MoveMember(MoveMember { campaign_id, member_id, target_branch_id: Some(branch_id) }),
            ),
            (
                OpCall::from(DissolveBranch { branch_id, on, decision_no: "1".into() }),
                Op::DissolveBranch(DissolveBranch { branch_id, on, decision_no: "1".into() }),
            ),
            (OpCall::from(CloseCampaign { campaign_id }), Op::CloseCampaign(CloseCampaign { campaign_id })),
            (
                OpCall::from(RenameBranch { branch_id, name: "Chi bộ Khóm 9".into() }),
                Op::RenameBranch(RenameBranch { branch_id, name: "Chi bộ Khóm 9".into() }),
            ),
            (
                OpCall::from(RenameUnit { unit_id, name: "Khóm 9".into(), on, decision_no: "2".into() }),
                Op::RenameUnit(RenameUnit { unit_id, name: "Khóm 9".into(), on, decision_no: "2".into() }),
            ),
        ];
        for (call, op) in calls {
            assert_eq!(call, OpCall::from(&op));
            assert_eq!(Op::parse(call.name, call.args), Ok(op));
        }
    }

    #[test]
    fn every_operation_has_its_own_name() {
        let names = [
            MoveMember::NAME,
            ConfirmTransfer::NAME,
            DissolveBranch::NAME,
            SaveTask::NAME,
            SaveEvaluation::NAME,
            SaveMeeting::NAME,
            SaveNote::NAME,
            CreateUnit::NAME,
            CreateBranch::NAME,
            CreateCampaign::NAME,
            CloseCampaign::NAME,
            MergeUnits::NAME,
            RenameUnit::NAME,
            DissolveUnit::NAME,
            RenameBranch::NAME,
        ];
        let member = [OP_NAMES[3], OP_NAMES[4]];
        let mut all: Vec<&str> = names.iter().chain(&member).copied().collect();
        all.sort();
        let mut expected = OP_NAMES.to_vec();
        expected.sort();
        assert_eq!(all, expected);
        assert_eq!(member, ["member.create", "member.update"]);
    }
}
