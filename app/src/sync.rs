//! The sync protocol (ARCHITECTURE.md, "Sync protocol"): mutations, their outcomes, pulls.
//! Pure and shared by the server executor and the browser outbox.

pub mod describe;
pub mod ops;
pub mod replica;
pub mod sequence;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

pub use ops::{Op, OpCall};

/// One change a device wants to make, kept in its outbox until acknowledged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    pub id: Uuid,
    /// Per-device sequence number, from 1, one more per mutation.
    pub client_seq: i64,
    /// The operation, e.g. `plan.move_member` (see [`Op`]).
    pub name: String,
    pub args: Value,
    /// The version of the edited row the device saw; `None` when creating.
    #[serde(default)]
    pub base_version: Option<i64>,
    /// When the user made the change (milliseconds since the epoch, device clock).
    #[serde(default)]
    pub created_at: i64,
}

impl Mutation {
    /// A new mutation carrying `call`, as the `client_seq`-th change of its device.
    pub fn new(client_seq: i64, call: &OpCall, base_version: Option<i64>, created_at: i64) -> Self {
        Self { id: Uuid::now_v7(), client_seq, name: call.name.into(), args: call.args.clone(), base_version, created_at }
    }
}

/// A few fields read straight from a mutation's arguments, without parsing the whole operation:
/// the browser only needs these (and keeps every operation's parser out of its code).
impl Mutation {
    fn id_arg<T>(&self, field: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        self.args.get(field).and_then(Value::as_str).and_then(parse)
    }

    /// The member the change is about, if any (for the "Chưa gửi" marks).
    pub fn member_id(&self) -> Option<crate::domain::ids::MemberId> {
        self.id_arg("member_id", crate::domain::ids::MemberId::parse)
    }

    /// The plan line (campaign, member) of a plan change (`plan.move_member`, `transfer.confirm`).
    pub fn plan_line(&self) -> Option<(crate::domain::ids::CampaignId, crate::domain::ids::MemberId)> {
        if !matches!(self.name.as_str(), "plan.move_member" | "transfer.confirm") {
            return None;
        }
        Some((self.id_arg("campaign_id", crate::domain::ids::CampaignId::parse)?, self.member_id()?))
    }

    /// The row the change is about, as its key in the device's store (`entity/id`).
    pub fn record_key(&self) -> Option<String> {
        let (entity, field) = match self.name.as_str() {
            "plan.move_member" | "transfer.confirm" => {
                return self.plan_line().map(|(c, m)| replica::key("plan", &crate::domain::plan::line_key(c, m)));
            }
            "branch.dissolve" => ("branch", "branch_id"),
            "member.create" | "member.update" => ("member", "member_id"),
            "task.save" => ("task", "task_id"),
            "evaluation.save" => ("evaluation", "evaluation_id"),
            "meeting.save" => ("meeting", "meeting_id"),
            "note.save" => ("note", "note_id"),
            _ => return None,
        };
        self.args.get(field).and_then(Value::as_str).map(|id| replica::key(entity, id))
    }

    /// The target of a `plan.move_member` (`Some(None)`: back to unplanned).
    pub fn move_target(&self) -> Option<Option<crate::domain::ids::BranchId>> {
        if self.name != "plan.move_member" {
            return None;
        }
        match self.args.get("target_branch_id") {
            None | Some(Value::Null) => Some(None),
            Some(_) => self.id_arg("target_branch_id", crate::domain::ids::BranchId::parse).map(Some),
        }
    }
}

/// `POST /api/sync/push`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub client_id: Uuid,
    pub mutations: Vec<Mutation>,
}

/// Why a mutation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The row changed since the device saw it (`base_version` is stale).
    Conflict,
    /// Outside the user's scope or role.
    Forbidden,
    /// A rule refused it, or it was malformed.
    Invalid,
}

/// What became of one mutation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Written, as change `seq`; `warning` is a rule's remark (e.g. not the residence branch).
    Applied {
        seq: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        warning: Option<String>,
    },
    /// Already processed before (a retry); nothing was written again.
    Duplicate { seq: Option<i64> },
    /// Refused; `message` is for the user, `current` is the server's current value of the row.
    /// `expected_seq`: the mutation's `client_seq` was refused (see [`sequence`]) and nothing was
    /// recorded; the server expects this number next from the device.
    Rejected {
        reason: RejectReason,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        current: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_seq: Option<i64>,
    },
}

/// One line of the push reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MutationResult {
    pub id: Uuid,
    pub client_seq: i64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The push reply, sent after every mutation was committed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
    /// The last client sequence number the server has processed for this device.
    pub last_client_seq: i64,
}

/// One changed entity in the caller's scope (`data` is `None` when it was deleted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: i64,
    pub entity: String,
    pub id: String,
    pub data: Option<Value>,
}

/// A commune or hamlet, as a snapshot carries it (entity `unit`), for names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub id: crate::domain::ids::UnitId,
    pub name: String,
    /// The commune of a hamlet.
    #[serde(default)]
    pub parent: Option<crate::domain::ids::UnitId>,
}

/// `GET /api/sync/pull?since=SEQ`: the changes after `since`, or a full snapshot (`reset`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub cursor: i64,
    /// `true`: `changes` is the whole scope; the client replaces its base state.
    pub reset: bool,
    pub changes: Vec<Change>,
    /// More changes wait after `cursor`: pull again.
    #[serde(default)]
    pub more: bool,
}
