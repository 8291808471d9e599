//! A device's copy of its scope (ARCHITECTURE.md, "Sync protocol", steps 1, 3 and 5), pure: the
//! base state as last pulled and its cursor, the outbox of changes not yet covered by a pull, and
//! the rejected changes waiting for their author's decision. The browser glue only stores it and
//! carries its requests; every decision about what to send and what to show is made here.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::ops::OpCall;
use super::{Mutation, Outcome, PullResponse, PushRequest, PushResponse, RejectReason};
use crate::domain::ids::MemberId;
use crate::domain::plan::PlanEntry;

/// The format of the stored replica; [`Stored::load`] migrates older ones.
pub const STORE_FORMAT: u32 = 1;

/// At most this many mutations per push request.
pub const PUSH_BATCH: usize = 500;

/// Entities by key `entity/id` (e.g. `plan/<campaign>:<member>`).
pub type Entities = BTreeMap<String, Value>;

/// The key of an entity in [`Entities`].
pub fn key(entity: &str, id: &str) -> String {
    format!("{entity}/{id}")
}

/// A row of [`Entities`] as its type. Through the row's text on purpose: the browser already
/// holds each type's parser of text (for the server's replies), and a second parser of JSON
/// values per type would only make the wasm bigger.
pub fn typed<T: serde::de::DeserializeOwned>(row: &Value) -> Option<T> {
    serde_json::from_str(&row.to_string()).ok()
}

/// A change in the outbox. `applied` is the server's change sequence number once it acknowledged
/// the change; the entry stays (and stays shown) until a pull covers that number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub mutation: Mutation,
    #[serde(default)]
    pub applied: Option<i64>,
}

/// A change the server refused, kept until its author keeps it (re-issued) or lets it go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    pub mutation: Mutation,
    pub reason: RejectReason,
    pub message: String,
    /// The server's value of the row when it refused (for a conflict).
    #[serde(default)]
    pub current: Option<Value>,
}

/// The device's replica.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    pub client_id: Uuid,
    /// The last `client_seq` given to a mutation.
    pub last_seq: i64,
    /// The server's change sequence number the base reflects.
    pub cursor: i64,
    pub base: Entities,
    pub outbox: Vec<Pending>,
    pub rejected: Vec<Rejection>,
}

/// What a push reply changed, for the user: warnings of applied changes and new rejections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PushReport {
    pub warnings: Vec<String>,
    pub rejected: usize,
}

impl Replica {
    pub fn new(client_id: Uuid) -> Self {
        Self { client_id, last_seq: 0, cursor: 0, base: Entities::new(), outbox: Vec::new(), rejected: Vec::new() }
    }

    /// Queues a change; the caller stores the replica before showing it.
    pub fn enqueue(&mut self, call: &OpCall, base_version: Option<i64>, created_at: i64) -> Mutation {
        self.last_seq += 1;
        let mutation = Mutation::new(self.last_seq, call, base_version, created_at);
        self.outbox.push(Pending { mutation: mutation.clone(), applied: None });
        mutation
    }

    /// The changes the server has not acknowledged yet, in order.
    pub fn unsent(&self) -> impl Iterator<Item = &Mutation> {
        self.outbox.iter().filter(|p| p.applied.is_none()).map(|p| &p.mutation)
    }

    pub fn unsent_count(&self) -> usize {
        self.unsent().count()
    }

    /// The next push: the oldest unacknowledged changes, in order (`None` when there are none).
    /// Sending the same request again is safe: the server answers retries from what it stored.
    pub fn next_push(&self) -> Option<PushRequest> {
        let mutations: Vec<Mutation> = self.unsent().take(PUSH_BATCH).cloned().collect();
        (!mutations.is_empty()).then_some(PushRequest { client_id: self.client_id, mutations })
    }

    /// Takes in a push reply (possibly late, repeated or out of order): applied changes wait for
    /// the pull that covers them, refused ones move to the rejected list.
    pub fn acknowledge(&mut self, reply: &PushResponse) -> PushReport {
        let mut report = PushReport::default();
        let mut renumber = false;
        for result in &reply.results {
            let Some(index) = self.outbox.iter().position(|p| p.mutation.client_seq == result.client_seq && p.mutation.id == result.id)
            else {
                continue;
            };
            match &result.outcome {
                Outcome::Applied { seq, warning } => {
                    if self.outbox[index].applied.is_none()
                        && let Some(w) = warning
                    {
                        report.warnings.push(w.clone());
                    }
                    self.outbox[index].applied = Some(*seq);
                }
                Outcome::Duplicate { seq } => self.outbox[index].applied = Some(seq.unwrap_or(0)),
                // The server refused the device's numbering and recorded nothing: the change stays
                // in the outbox, to be numbered again.
                Outcome::Rejected { expected_seq: Some(_), .. } => renumber = true,
                Outcome::Rejected { reason, message, current, expected_seq: None } => {
                    let Pending { mutation, .. } = self.outbox.remove(index);
                    self.rejected.push(Rejection { mutation, reason: *reason, message: message.clone(), current: current.clone() });
                    report.rejected += 1;
                }
            }
        }
        if renumber {
            self.resequence();
        }
        report
    }

    /// Numbers the unsent changes again, from 1 and in order, under a fresh device id: the
    /// server's count for the old id no longer matches this device's (it went back, or the
    /// device's store did). Changes the server acknowledged keep their numbers (they are not sent
    /// again); replies to the old numbers no longer match anything.
    pub fn resequence(&mut self) {
        self.client_id = Uuid::now_v7();
        let mut seq = 0;
        for p in self.outbox.iter_mut().filter(|p| p.applied.is_none()) {
            seq += 1;
            p.mutation.client_seq = seq;
        }
        self.last_seq = seq;
    }

    /// Takes in a pull reply for the request made `since` the given cursor; a stale reply (the
    /// cursor moved meanwhile) is ignored. Returns whether the base changed.
    pub fn apply_pull(&mut self, since: i64, reply: &PullResponse) -> bool {
        if since != self.cursor || (reply.cursor < self.cursor && !reply.reset) {
            return false;
        }
        if reply.reset {
            self.base.clear();
        }
        for change in &reply.changes {
            let k = key(&change.entity, &change.id);
            match &change.data {
                Some(data) => self.base.insert(k, data.clone()),
                None => self.base.remove(&k),
            };
        }
        self.cursor = reply.cursor;
        let cursor = self.cursor;
        self.outbox.retain(|p| p.applied.is_none_or(|seq| seq > cursor));
        true
    }

    /// The state the user sees: the base with every pending change re-applied on top (rebase).
    pub fn view(&self) -> Entities {
        let mut view = self.base.clone();
        for p in &self.outbox {
            project(&mut view, &p.mutation);
        }
        view
    }

    /// The plan lines of the base (as pulled), for a board to rebase on.
    pub fn base_plans(&self) -> impl Iterator<Item = PlanEntry> + '_ {
        self.plan_rows().filter_map(|(_, v)| typed(v))
    }

    /// [`Self::base_plans`], reusing the lines of `known` (an earlier answer) whose version is
    /// still the pulled one: after a pull only the lines it changed are read again.
    pub fn base_plans_after(&self, known: &[PlanEntry]) -> Vec<PlanEntry> {
        let known: HashMap<String, &PlanEntry> = known.iter().map(|p| (p.key(), p)).collect();
        self.plan_rows()
            .filter_map(|(k, v)| {
                let line = k.strip_prefix("plan/").unwrap_or(k);
                match known.get(line) {
                    Some(p) if v.get("version").and_then(Value::as_i64) == Some(p.version) => Some((*p).clone()),
                    _ => typed(v),
                }
            })
            .collect()
    }

    fn plan_rows(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.base.range("plan/".to_string().."plan0".to_string())
    }

    /// The pending changes (sent or not) still to be re-applied on the base, in order.
    pub fn pending(&self) -> impl Iterator<Item = &Mutation> {
        self.outbox.iter().map(|p| &p.mutation)
    }

    /// The version to base a change to the row `entity/id` on, when the page showed version
    /// `shown` (`None`: no such row yet): the newest of what the page showed, the row as last
    /// pulled, and what this device's own pending changes make of it (each adds one). A second
    /// save made before the page is fetched again is thus based on the first, not refused as a
    /// conflict with it.
    pub fn base_version(&self, entity: &str, id: &str, shown: Option<i64>) -> Option<i64> {
        let k = key(entity, id);
        let pulled = self.pulled_version(entity, id);
        let mine = self
            .outbox
            .iter()
            .rev()
            .find(|p| p.mutation.record_key().as_deref() == Some(k.as_str()))
            .map(|p| p.mutation.base_version.unwrap_or(0) + 1);
        shown.max(pulled).max(mine)
    }

    /// The version of the row `entity/id` as last pulled, if the device pulled it.
    pub fn pulled_version(&self, entity: &str, id: &str) -> Option<i64> {
        // A meeting is pulled with its sheet: its version is the meeting's.
        self.base
            .get(&key(entity, id))
            .and_then(|row| row.get("version").or_else(|| row.get("meeting")?.get("version")))
            .and_then(Value::as_i64)
    }

    /// The version of a subject's evaluation for a year as last pulled, whatever its id (two
    /// devices may each have begun the same year's rating under an id of their own).
    pub fn pulled_evaluation(&self, subject_id: &str, year: i32) -> Option<i64> {
        self.base
            .range("evaluation/".to_string().."evaluation0".to_string())
            .filter(|(_, row)| {
                row.get("subject_id").and_then(Value::as_str) == Some(subject_id)
                    && row.get("year").and_then(Value::as_i64) == Some(i64::from(year))
            })
            .filter_map(|(_, row)| row.get("version").and_then(Value::as_i64))
            .max()
    }

    /// The members with a change the server has not acknowledged yet ("chưa gửi").
    pub fn unsent_members(&self) -> Vec<MemberId> {
        self.unsent().filter_map(Mutation::member_id).collect()
    }

    /// "Giữ thay đổi của tôi": re-issues the rejected change `index` on the server's current row
    /// (its version is the new base), as a new mutation at the end of the outbox.
    pub fn keep_mine(&mut self, index: usize, created_at: i64) -> Option<Mutation> {
        if index >= self.rejected.len() {
            return None;
        }
        let r = self.rejected.remove(index);
        let base = r.current.as_ref().and_then(|c| c.get("version")).and_then(Value::as_i64).or(match r.reason {
            // The row did not exist on the server: the change is re-based on nothing.
            RejectReason::Conflict => Some(0),
            _ => r.mutation.base_version,
        });
        self.last_seq += 1;
        let mutation = Mutation {
            id: Uuid::now_v7(),
            client_seq: self.last_seq,
            name: r.mutation.name,
            args: r.mutation.args,
            base_version: base,
            created_at,
        };
        self.outbox.push(Pending { mutation: mutation.clone(), applied: None });
        Some(mutation)
    }

    /// "Nhận giá trị trên máy chủ": lets the rejected change `index` go.
    pub fn accept_theirs(&mut self, index: usize) -> Option<Rejection> {
        (index < self.rejected.len()).then(|| self.rejected.remove(index))
    }
}

/// The plan line a plan change makes of `current`, as the server would store it if it accepts.
pub fn project_plan(current: Option<&PlanEntry>, mutation: &Mutation) -> Option<PlanEntry> {
    let version = mutation.base_version.unwrap_or(0) + 1;
    let (campaign_id, member_id) = mutation.plan_line()?;
    match mutation.move_target() {
        Some(target) => Some(PlanEntry { campaign_id, member_id, target, confirmed: false, version }),
        None => current.filter(|p| p.target.is_some()).map(|p| PlanEntry { confirmed: true, version, ..p.clone() }),
    }
}

/// Re-applies one change on `view`. Rules were checked when the change was made; the server
/// checks them again and the change comes back as a rejection if they no longer hold. Only plan
/// lines are projected: other changes show once a pull brings the server's rows.
fn project(view: &mut Entities, mutation: &Mutation) {
    let Some((campaign, member)) = mutation.plan_line() else { return };
    let k = key("plan", &format!("{campaign}:{member}"));
    let current: Option<PlanEntry> = view.get(&k).and_then(typed);
    if let Some(entry) = project_plan(current.as_ref(), mutation)
        && let Ok(v) = serde_json::to_value(entry)
    {
        view.insert(k, v);
    }
}

mod stored;
pub use stored::{LoadProblem, Stored};

#[cfg(test)]
mod tests;
