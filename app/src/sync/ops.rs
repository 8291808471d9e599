//! The operations a mutation can carry, with their arguments.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::branch::BranchKind;
use crate::domain::campaign::CampaignDraft;
use crate::domain::date::Date;
use crate::domain::evaluation::EvaluationDraft;
use crate::domain::ids::{BranchId, CampaignId, EvaluationId, MeetingId, MemberId, NoteId, TaskId, UnitId};
use crate::domain::meeting::MeetingDraft;
use crate::domain::member::MemberDraft;
use crate::domain::note::NoteDraft;
use crate::domain::org::MergeDraft;
use crate::domain::task::TaskDraft;

/// `plan.move_member`: plan a member to a branch, or back to unplanned (`target_branch_id: null`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveMember {
    pub campaign_id: CampaignId,
    pub member_id: MemberId,
    pub target_branch_id: Option<BranchId>,
}

/// `transfer.confirm`: confirm a planned move (transfer record, official membership moved).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmTransfer {
    pub campaign_id: CampaignId,
    pub member_id: MemberId,
    pub effective_on: Date,
    pub letter_no: String,
}

/// `branch.dissolve`: dissolve an empty branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DissolveBranch {
    pub branch_id: BranchId,
    pub on: Date,
    pub decision_no: String,
}

/// `member.create` / `member.update`: a member's record. Creation also needs the branch the
/// member joins officially (from `joined_on`, or today for a member arriving from elsewhere).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveMember {
    pub member_id: MemberId,
    pub member: MemberDraft,
    #[serde(default)]
    pub branch_id: Option<BranchId>,
}

/// `task.save`: a task given to a member (created without `base_version`, else updated).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveTask {
    pub task_id: TaskId,
    pub task: TaskDraft,
}

/// `evaluation.save`: a year's evaluation of a member or a branch (created without
/// `base_version`, else updated on the version the device saw).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveEvaluation {
    pub evaluation_id: EvaluationId,
    pub evaluation: EvaluationDraft,
}

/// `meeting.save`: a branch meeting with its whole attendance sheet (created without
/// `base_version`, else updated on the version the device saw).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveMeeting {
    pub meeting_id: MeetingId,
    pub meeting: MeetingDraft,
}

/// `note.save`: a commendation or criticism note about a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveNote {
    pub note_id: NoteId,
    pub note: NoteDraft,
}

/// `unit.create`: a unit of the organisation tree, existing from a date by a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateUnit {
    pub unit_id: UnitId,
    pub type_code: String,
    pub name: String,
    pub parent_id: Option<UnitId>,
    pub valid_from: Date,
    pub decision_no: String,
}

/// `branch.create`: a party branch founded on a date by a decision (agency: in a commune;
/// residential: in a hamlet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBranch {
    pub branch_id: BranchId,
    pub name: String,
    pub kind: BranchKind,
    pub unit_id: UnitId,
    pub founded_on: Date,
    pub decision_no: String,
}

/// `campaign.create`: a transfer campaign, open, on its legal basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateCampaign {
    pub campaign_id: CampaignId,
    pub campaign: CampaignDraft,
}

/// `campaign.close`: the campaign's plans no longer change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseCampaign {
    pub campaign_id: CampaignId,
}

/// `unit.merge`: several units merged into a new one from a date (the old ones end the day before).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeUnits {
    pub unit_id: UnitId,
    pub merge: MergeDraft,
}

/// `unit.rename`: a unit bears a new name from a date, by a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameUnit {
    pub unit_id: UnitId,
    pub name: String,
    pub on: Date,
    pub decision_no: String,
}

/// `unit.dissolve`: a unit ends the day before `on`; what it still holds goes to the successor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DissolveUnit {
    pub unit_id: UnitId,
    pub on: Date,
    #[serde(default)]
    pub successor_id: Option<UnitId>,
    pub decision_no: String,
}

/// `branch.rename`: an active branch's new name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameBranch {
    pub branch_id: BranchId,
    pub name: String,
}

mod call;
pub use call::{OpCall, Operation};

/// A parsed operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    MoveMember(MoveMember),
    ConfirmTransfer(ConfirmTransfer),
    DissolveBranch(DissolveBranch),
    CreateMember(SaveMember),
    UpdateMember(SaveMember),
    SaveTask(SaveTask),
    SaveEvaluation(SaveEvaluation),
    SaveMeeting(SaveMeeting),
    SaveNote(SaveNote),
    CreateUnit(CreateUnit),
    CreateBranch(CreateBranch),
    CreateCampaign(CreateCampaign),
    CloseCampaign(CloseCampaign),
    MergeUnits(MergeUnits),
    RenameUnit(RenameUnit),
    DissolveUnit(DissolveUnit),
    RenameBranch(RenameBranch),
}

/// The names of every operation, as they appear on the wire.
pub const OP_NAMES: [&str; 17] = [
    "plan.move_member",
    "transfer.confirm",
    "branch.dissolve",
    "member.create",
    "member.update",
    "task.save",
    "evaluation.save",
    "meeting.save",
    "note.save",
    "unit.create",
    "branch.create",
    "campaign.create",
    "campaign.close",
    "unit.merge",
    "unit.rename",
    "unit.dissolve",
    "branch.rename",
];

fn args<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("Dữ liệu của thao tác không hợp lệ: {e}"))
}

impl Op {
    /// Parses a mutation's `name` and `args`; the error is a Vietnamese message.
    pub fn parse(name: &str, value: Value) -> Result<Self, String> {
        Ok(match name {
            "plan.move_member" => Self::MoveMember(args(value)?),
            "transfer.confirm" => Self::ConfirmTransfer(args(value)?),
            "branch.dissolve" => Self::DissolveBranch(args(value)?),
            "member.create" => Self::CreateMember(args(value)?),
            "member.update" => Self::UpdateMember(args(value)?),
            "task.save" => Self::SaveTask(args(value)?),
            "evaluation.save" => Self::SaveEvaluation(args(value)?),
            "meeting.save" => Self::SaveMeeting(args(value)?),
            "note.save" => Self::SaveNote(args(value)?),
            "unit.create" => Self::CreateUnit(args(value)?),
            "branch.create" => Self::CreateBranch(args(value)?),
            "campaign.create" => Self::CreateCampaign(args(value)?),
            "campaign.close" => Self::CloseCampaign(args(value)?),
            "unit.merge" => Self::MergeUnits(args(value)?),
            "unit.rename" => Self::RenameUnit(args(value)?),
            "unit.dissolve" => Self::DissolveUnit(args(value)?),
            "branch.rename" => Self::RenameBranch(args(value)?),
            other => return Err(format!("Thao tác «{other}» không được hỗ trợ.")),
        })
    }

    /// The wire name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::MoveMember(_) => OP_NAMES[0],
            Self::ConfirmTransfer(_) => OP_NAMES[1],
            Self::DissolveBranch(_) => OP_NAMES[2],
            Self::CreateMember(_) => OP_NAMES[3],
            Self::UpdateMember(_) => OP_NAMES[4],
            Self::SaveTask(_) => OP_NAMES[5],
            Self::SaveEvaluation(_) => OP_NAMES[6],
            Self::SaveMeeting(_) => OP_NAMES[7],
            Self::SaveNote(_) => OP_NAMES[8],
            Self::CreateUnit(_) => OP_NAMES[9],
            Self::CreateBranch(_) => OP_NAMES[10],
            Self::CreateCampaign(_) => OP_NAMES[11],
            Self::CloseCampaign(_) => OP_NAMES[12],
            Self::MergeUnits(_) => OP_NAMES[13],
            Self::RenameUnit(_) => OP_NAMES[14],
            Self::DissolveUnit(_) => OP_NAMES[15],
            Self::RenameBranch(_) => OP_NAMES[16],
        }
    }

    /// The arguments as JSON, for building a mutation.
    pub fn args(&self) -> Value {
        let v = match self {
            Self::MoveMember(a) => serde_json::to_value(a),
            Self::ConfirmTransfer(a) => serde_json::to_value(a),
            Self::DissolveBranch(a) => serde_json::to_value(a),
            Self::CreateMember(a) | Self::UpdateMember(a) => serde_json::to_value(a),
            Self::SaveTask(a) => serde_json::to_value(a),
            Self::SaveEvaluation(a) => serde_json::to_value(a),
            Self::SaveMeeting(a) => serde_json::to_value(a),
            Self::SaveNote(a) => serde_json::to_value(a),
            Self::CreateUnit(a) => serde_json::to_value(a),
            Self::CreateBranch(a) => serde_json::to_value(a),
            Self::CreateCampaign(a) => serde_json::to_value(a),
            Self::CloseCampaign(a) => serde_json::to_value(a),
            Self::MergeUnits(a) => serde_json::to_value(a),
            Self::RenameUnit(a) => serde_json::to_value(a),
            Self::DissolveUnit(a) => serde_json::to_value(a),
            Self::RenameBranch(a) => serde_json::to_value(a),
        };
        v.unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_operation_round_trips_by_name() {
        let op = Op::MoveMember(MoveMember { campaign_id: CampaignId::new(), member_id: MemberId::new(), target_branch_id: None });
        assert_eq!(Op::parse(op.name(), op.args()), Ok(op));
        let op = Op::DissolveBranch(DissolveBranch {
            branch_id: BranchId::new(),
            on: Date::parse_vn("20/01/2019").unwrap(),
            decision_no: "1".into(),
        });
        assert_eq!(Op::parse(op.name(), op.args()), Ok(op));
    }

    #[test]
    fn unknown_names_and_bad_arguments_are_explained() {
        assert!(Op::parse("member.delete_all", json!({})).unwrap_err().contains("không được hỗ trợ"));
        let err = Op::parse("branch.dissolve", json!({"branch_id": "x"})).unwrap_err();
        assert!(err.contains("không hợp lệ"), "{err}");
        let err = Op::parse("branch.dissolve", json!({"branch_id": BranchId::new(), "on": "31/02/2019", "decision_no": "1"})).unwrap_err();
        assert!(err.contains("31/02/2019"), "{err}");
    }
}
