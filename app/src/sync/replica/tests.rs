//! The replica's rules, and the protocol's invariants over generated schedules (ARCHITECTURE.md,
//! "Sync protocol", 6): several devices, offline periods, requests delivered twice, replies lost
//! or delivered out of order, server restarts in the middle of a push.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;
use crate::domain::branch::tests::branch;
use crate::domain::branch::{BranchKind, Dissolution};
use crate::domain::campaign::Campaign;
use crate::domain::campaign::tests::police_campaign;
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, UnitId};
use crate::domain::member::tests::member;
use crate::domain::member::{JobCategory, Member};
use crate::domain::plan;
use crate::sync::ops::MoveMember;
use crate::sync::{Change, MutationResult};
use crate::sync::{Op, OpCall};

// ---------------------------------------------------------------------------------------------
// A server that keeps the protocol's promises the way `store::executor` and `store::pull` do,
// in memory, with the same domain rules.

/// The demo world of the schedules: two communes, four members, four branches (one dissolved).
struct World {
    campaign: Campaign,
    communes: [UnitId; 2],
    members: Vec<Member>,
    branches: Vec<crate::domain::branch::Branch>,
}

fn world() -> World {
    let communes = [UnitId::new(), UnitId::new()];
    let police = |commune| Member { id: MemberId::new(), commune_id: commune, job_category: JobCategory::CommunePolice, ..member() };
    let members = vec![police(communes[0]), police(communes[0]), police(communes[0]), police(communes[1])];
    let mut dissolved = branch(BranchKind::Residential, communes[0], Some(UnitId::new()));
    dissolved.dissolved = Some(Dissolution { on: Date::parse_vn("01/01/2020").unwrap(), decision_no: "1".into() });
    let branches = vec![
        branch(BranchKind::Residential, communes[0], Some(UnitId::new())),
        branch(BranchKind::Residential, communes[0], Some(UnitId::new())),
        dissolved,
        branch(BranchKind::Residential, communes[1], Some(UnitId::new())),
    ];
    World { campaign: police_campaign(), communes, members, branches }
}

#[derive(Clone)]
struct Client {
    /// Persisted state: what `Stored` keeps.
    stored: Stored,
    /// In memory (lost when the page is closed).
    replica: Replica,
}

struct Server {
    entities: Entities,
    initial: Entities,
    seq: i64,
    changes: Vec<Change>,
    /// (key, before, after) per applied change.
    audit: Vec<(String, Option<Value>, Value)>,
    last_seq: HashMap<Uuid, i64>,
    /// Outcomes by device number, and by mutation id (a mutation sent again under a new device
    /// id is answered from it).
    outcomes: HashMap<(Uuid, i64), Outcome>,
    by_mutation: HashMap<Uuid, Outcome>,
    applied: Vec<Uuid>,
    scopes: HashMap<Uuid, UnitId>,
}

const PAGE: usize = 5;

impl Server {
    fn new(w: &World) -> Self {
        let mut entities = Entities::new();
        entities.insert(key("campaign", &w.campaign.id.to_string()), serde_json::to_value(&w.campaign).unwrap());
        for m in &w.members {
            entities.insert(key("member", &m.id.to_string()), serde_json::to_value(m).unwrap());
        }
        for b in &w.branches {
            entities.insert(key("branch", &b.id.to_string()), serde_json::to_value(b).unwrap());
        }
        Self {
            initial: entities.clone(),
            entities,
            seq: 0,
            changes: Vec::new(),
            audit: Vec::new(),
            last_seq: HashMap::new(),
            outcomes: HashMap::new(),
            by_mutation: HashMap::new(),
            applied: Vec::new(),
            scopes: HashMap::new(),
        }
    }

    fn get<T: serde::de::DeserializeOwned>(&self, entity: &str, id: &str) -> Option<T> {
        self.entities.get(&key(entity, id)).and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    fn apply(&mut self, client: Uuid, m: &Mutation) -> Outcome {
        let rejected = |reason, message: &str, current| Outcome::Rejected { reason, message: message.into(), current, expected_seq: None };
        let Ok(Op::MoveMember(a)) = Op::parse(&m.name, m.args.clone()) else {
            return rejected(RejectReason::Invalid, "thao tác", None);
        };
        let Some(member) = self.get::<Member>("member", &a.member_id.to_string()) else {
            return rejected(RejectReason::Invalid, "đảng viên", None);
        };
        if self.scopes.get(&client) != Some(&member.commune_id) {
            return rejected(RejectReason::Forbidden, "quyền", None);
        }
        let campaign: Campaign = self.get("campaign", &a.campaign_id.to_string()).unwrap();
        let plan_id = format!("{}:{}", campaign.id, member.id);
        let current: Option<PlanEntry> = self.get("plan", &plan_id);
        if m.base_version.unwrap_or(0) != current.as_ref().map_or(0, |p| p.version) {
            // On the wire a missing row is no `current` at all.
            return rejected(RejectReason::Conflict, "xung đột", current.map(|c| serde_json::to_value(c).unwrap()));
        }
        let target = a.target_branch_id.and_then(|t| self.get::<crate::domain::branch::Branch>("branch", &t.to_string()));
        let Ok((entry, _)) = plan::plan_move(&campaign, &member, current.as_ref(), target.as_ref()) else {
            return rejected(RejectReason::Invalid, "quy tắc", None);
        };
        let k = key("plan", &plan_id);
        let after = serde_json::to_value(&entry).unwrap();
        let before = self.entities.insert(k.clone(), after.clone());
        self.seq += 1;
        self.changes.push(Change { seq: self.seq, entity: "plan".into(), id: plan_id, data: Some(after.clone()) });
        self.audit.push((k, before, after));
        self.applied.push(m.id);
        Outcome::Applied { seq: self.seq, warning: None }
    }

    fn process(&mut self, client: Uuid, m: &Mutation) -> Outcome {
        use crate::sync::sequence::{Stored as Held, Verdict, verdict};
        let last = self.last_seq.get(&client).copied().unwrap_or(0);
        let stored = self.by_mutation.get(&m.id).cloned();
        let taken = self.outcomes.contains_key(&(client, m.client_seq));
        let found = match &stored {
            Some(_) => Held::Same,
            None if taken => Held::Other,
            None => Held::Nothing,
        };
        match verdict(last, m.client_seq, found) {
            Verdict::Replay => {
                let stored = stored.unwrap();
                if !taken && m.client_seq == last + 1 {
                    self.outcomes.insert((client, m.client_seq), stored.clone());
                    self.last_seq.insert(client, m.client_seq);
                }
                return match stored {
                    Outcome::Applied { seq, .. } => Outcome::Duplicate { seq: Some(seq) },
                    other => other,
                };
            }
            Verdict::Refuse { expected } => {
                return Outcome::Rejected {
                    reason: RejectReason::Invalid,
                    message: "số thứ tự".into(),
                    current: None,
                    expected_seq: Some(expected),
                };
            }
            Verdict::Process => {}
        }
        let outcome = self.apply(client, m);
        self.outcomes.insert((client, m.client_seq), outcome.clone());
        self.by_mutation.insert(m.id, outcome.clone());
        self.last_seq.insert(client, m.client_seq);
        outcome
    }

    /// A push; `crash_after` stops the server after that many mutations (each committed on its
    /// own), and the reply is lost.
    fn push(&mut self, req: &PushRequest, crash_after: Option<usize>) -> Option<PushResponse> {
        let mut results = Vec::new();
        for (i, m) in req.mutations.iter().enumerate() {
            if crash_after == Some(i) {
                return None;
            }
            results.push(MutationResult { id: m.id, client_seq: m.client_seq, outcome: self.process(req.client_id, m) });
        }
        Some(PushResponse { results, last_client_seq: self.last_seq.get(&req.client_id).copied().unwrap_or(0) })
    }

    fn pull(&self, since: i64) -> PullResponse {
        if since <= 0 || since > self.seq {
            let changes = self
                .entities
                .iter()
                .map(|(k, v)| {
                    let (entity, id) = k.split_once('/').unwrap();
                    Change { seq: self.seq, entity: entity.into(), id: id.into(), data: Some(v.clone()) }
                })
                .collect();
            return PullResponse { cursor: self.seq, reset: true, changes, more: false };
        }
        let page: Vec<Change> = self.changes.iter().filter(|c| c.seq > since).take(PAGE).cloned().collect();
        let more = page.len() == PAGE && page.last().is_some_and(|c| c.seq < self.seq);
        PullResponse { cursor: page.last().map_or(since, |c| c.seq), reset: false, changes: page, more }
    }
}

// ---------------------------------------------------------------------------------------------
// Schedules.

#[derive(Clone, Debug)]
enum Step {
    /// A user moves a member (index) to a branch (index; past the end: back to unplanned).
    Edit {
        client: usize,
        member: usize,
        target: usize,
    },
    /// The connection drops or comes back.
    Toggle {
        client: usize,
    },
    Push {
        client: usize,
    },
    Pull {
        client: usize,
    },
    /// A request reaches the server (`twice`: and is delivered again later).
    Deliver {
        index: usize,
        twice: bool,
    },
    /// The server restarts in the middle of a request: part of it committed, no reply.
    Crash {
        index: usize,
        after: usize,
    },
    /// A reply reaches its device, or is lost.
    Receive {
        index: usize,
        lost: bool,
    },
    /// The page is closed and opened again: the replica is loaded from storage.
    Reopen {
        client: usize,
    },
    /// The user decides on the oldest rejection.
    Resolve {
        client: usize,
        keep: bool,
    },
    /// The device's numbering goes wrong (its store restored from an older copy, say): its
    /// unsent changes are numbered `offset` away from where they were.
    Renumber {
        client: usize,
        offset: i64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..4usize, 0..5usize).prop_map(|(client, member, target)| Step::Edit { client, member, target }),
        1 => (0..3usize).prop_map(|client| Step::Toggle { client }),
        3 => (0..3usize).prop_map(|client| Step::Push { client }),
        2 => (0..3usize).prop_map(|client| Step::Pull { client }),
        4 => (0..8usize, proptest::bool::weighted(0.2)).prop_map(|(index, twice)| Step::Deliver { index, twice }),
        1 => (0..8usize, 0..4usize).prop_map(|(index, after)| Step::Crash { index, after }),
        4 => (0..8usize, proptest::bool::weighted(0.2)).prop_map(|(index, lost)| Step::Receive { index, lost }),
        1 => (0..3usize).prop_map(|client| Step::Reopen { client }),
        1 => (0..3usize, any::<bool>()).prop_map(|(client, keep)| Step::Resolve { client, keep }),
        1 => (0..3usize, prop_oneof![-4i64..0, 1i64..5]).prop_map(|(client, offset)| Step::Renumber { client, offset }),
    ]
}

enum Request {
    Push(PushRequest),
    Pull(i64),
}

enum Reply {
    Push(PushResponse),
    Pull(i64, PullResponse),
}

struct Run {
    w: World,
    server: Server,
    clients: Vec<Client>,
    online: Vec<bool>,
    requests: Vec<(usize, Request)>,
    replies: Vec<(usize, Reply)>,
    /// Every mutation each device made, and the rejections its user decided on.
    created: Vec<Vec<Uuid>>,
    decided: Vec<HashMap<Uuid, i64>>,
    clock: i64,
    /// Each device's commune (its user's scope, whatever its device id).
    scopes: Vec<UnitId>,
}

fn save(c: &mut Client) {
    c.stored = Stored {
        meta: Some(Stored::meta_of(&c.replica)),
        base: Some(Stored::base_of(&c.replica)),
        outbox: Some(Stored::outbox_of(&c.replica)),
        rejected: Some(Stored::rejected_of(&c.replica)),
    };
}

impl Run {
    fn new() -> Self {
        let w = world();
        let mut server = Server::new(&w);
        let scopes = [w.communes[0], w.communes[0], w.communes[1]];
        let clients: Vec<Client> = scopes
            .iter()
            .map(|scope| {
                let replica = Replica::new(Uuid::now_v7());
                server.scopes.insert(replica.client_id, *scope);
                let mut c = Client { stored: Stored::default(), replica };
                save(&mut c);
                c
            })
            .collect();
        let n = clients.len();
        Self {
            w,
            server,
            clients,
            online: vec![true; n],
            requests: Vec::new(),
            replies: Vec::new(),
            created: vec![Vec::new(); n],
            decided: vec![HashMap::new(); n],
            clock: 0,
            scopes: scopes.to_vec(),
        }
    }

    fn step(&mut self, s: &Step) {
        self.clock += 1;
        match *s {
            Step::Edit { client, member, target } => {
                let c = &mut self.clients[client];
                let m = &self.w.members[member];
                let plan_key = key("plan", &format!("{}:{}", self.w.campaign.id, m.id));
                let base = c.replica.view().get(&plan_key).and_then(|v| v.get("version")).and_then(Value::as_i64).unwrap_or(0);
                let target_branch_id: Option<BranchId> = self.w.branches.get(target).map(|b| b.id);
                let op = Op::MoveMember(MoveMember { campaign_id: self.w.campaign.id, member_id: m.id, target_branch_id });
                let mutation = c.replica.enqueue(&OpCall::from(&op), Some(base), self.clock);
                // Written to storage before it is shown.
                save(c);
                self.created[client].push(mutation.id);
            }
            Step::Toggle { client } => self.online[client] = !self.online[client],
            Step::Push { client } => {
                if self.online[client]
                    && let Some(req) = self.clients[client].replica.next_push()
                {
                    self.requests.push((client, Request::Push(req)));
                }
            }
            Step::Pull { client } => {
                if self.online[client] {
                    self.requests.push((client, Request::Pull(self.clients[client].replica.cursor)));
                }
            }
            Step::Deliver { index, twice } => {
                if self.requests.is_empty() {
                    return;
                }
                let i = index % self.requests.len();
                let (client, req) = if twice {
                    let (client, req) = &self.requests[i];
                    let copy = match req {
                        Request::Push(p) => Request::Push(p.clone()),
                        Request::Pull(s) => Request::Pull(*s),
                    };
                    (*client, copy)
                } else {
                    self.requests.remove(i)
                };
                let reply = match req {
                    Request::Push(p) => self.server.push(&p, None).map(Reply::Push),
                    Request::Pull(since) => Some(Reply::Pull(since, self.server.pull(since))),
                };
                if let Some(r) = reply {
                    self.replies.push((client, r));
                }
            }
            Step::Crash { index, after } => {
                if !self.requests.is_empty() {
                    let (_, req) = self.requests.remove(index % self.requests.len());
                    if let Request::Push(p) = req {
                        self.server.push(&p, Some(after));
                    }
                }
                // Every connection is cut by the restart.
                self.requests.clear();
                self.replies.clear();
            }
            Step::Receive { index, lost } => {
                if self.replies.is_empty() {
                    return;
                }
                let (client, reply) = self.replies.remove(index % self.replies.len());
                if lost || !self.online[client] {
                    return;
                }
                let c = &mut self.clients[client];
                match reply {
                    Reply::Push(r) => {
                        c.replica.acknowledge(&r);
                        // The session is the user's, whatever device id the replica now has.
                        self.server.scopes.insert(c.replica.client_id, self.scopes[client]);
                    }
                    Reply::Pull(since, r) => {
                        c.replica.apply_pull(since, &r);
                    }
                }
                save(c);
            }
            Step::Reopen { client } => {
                let c = &mut self.clients[client];
                let (replica, problems) = c.stored.load(Uuid::now_v7());
                assert!(problems.is_empty(), "{problems:?}");
                assert_eq!(replica, c.replica, "the stored replica is the replica");
                c.replica = replica;
            }
            Step::Resolve { client, keep } => {
                let c = &mut self.clients[client];
                let Some(r) = c.replica.rejected.first() else { return };
                self.decided[client].insert(r.mutation.id, r.mutation.client_seq);
                if keep {
                    let m = c.replica.keep_mine(0, self.clock).unwrap();
                    self.created[client].push(m.id);
                } else {
                    c.replica.accept_theirs(0).unwrap();
                }
                save(c);
            }
            Step::Renumber { client, offset } => {
                let c = &mut self.clients[client];
                for p in c.replica.outbox.iter_mut().filter(|p| p.applied.is_none()) {
                    p.mutation.client_seq += offset;
                }
                c.replica.last_seq += offset;
                save(c);
                // As the device finds itself when it next opens its store.
                c.replica = c.stored.load(Uuid::now_v7()).0;
            }
        }
    }

    /// Everyone comes online; users let every rejection go; every device syncs until quiet.
    fn settle(&mut self) {
        self.requests.clear();
        self.replies.clear();
        for round in 0.. {
            assert!(round < 50, "the devices do not settle");
            let mut busy = false;
            for i in 0..self.clients.len() {
                self.online[i] = true;
                while !self.clients[i].replica.rejected.is_empty() {
                    self.step(&Step::Resolve { client: i, keep: false });
                }
                if let Some(req) = self.clients[i].replica.next_push() {
                    busy = true;
                    let reply = self.server.push(&req, None).unwrap();
                    self.clients[i].replica.acknowledge(&reply);
                    self.server.scopes.insert(self.clients[i].replica.client_id, self.scopes[i]);
                }
                loop {
                    let since = self.clients[i].replica.cursor;
                    let reply = self.server.pull(since);
                    assert!(self.clients[i].replica.apply_pull(since, &reply));
                    if !reply.more {
                        break;
                    }
                }
                busy |= !self.clients[i].replica.outbox.is_empty() || !self.clients[i].replica.rejected.is_empty();
            }
            if !busy {
                break;
            }
        }
    }

    /// After every step: no device's base goes back in time, and no change is out of sight: it is
    /// in the outbox, in the rejected list, decided on by its user, or applied and pulled.
    fn check_always(&self, cursors_before: &[i64]) {
        for (i, c) in self.clients.iter().enumerate() {
            assert!(
                c.replica.cursor >= cursors_before[i],
                "device {i}: the base went back from {} to {}",
                cursors_before[i],
                c.replica.cursor
            );
            let held: HashSet<Uuid> =
                c.replica.outbox.iter().map(|p| p.mutation.id).chain(c.replica.rejected.iter().map(|r| r.mutation.id)).collect();
            for id in &self.created[i] {
                // Each applied change wrote one change row, in the same order.
                let pulled =
                    self.server.applied.iter().position(|a| a == id).is_some_and(|at| self.server.changes[at].seq <= c.replica.cursor);
                assert!(held.contains(id) || self.decided[i].contains_key(id) || pulled, "device {i} lost sight of {id}");
            }
        }
    }

    fn check(&self) {
        // Nothing is applied twice.
        let applied: HashSet<Uuid> = self.server.applied.iter().copied().collect();
        assert_eq!(applied.len(), self.server.applied.len(), "a mutation was applied twice");
        for (i, c) in self.clients.iter().enumerate() {
            // Every mutation ended exactly once: applied, or rejected and decided on by its user.
            for id in &self.created[i] {
                let a = applied.contains(id);
                let d = self.decided[i].contains_key(id);
                assert!(a ^ d, "mutation {id} of device {i}: applied {a}, rejected and decided {d}");
            }
            for id in self.decided[i].keys() {
                let outcome = self.server.by_mutation.get(id);
                assert!(matches!(outcome, Some(Outcome::Rejected { expected_seq: None, .. })), "{id}: a rejection the server never gave");
            }
            // Everyone sees the server's state.
            assert!(c.replica.outbox.is_empty() && c.replica.rejected.is_empty());
            assert_eq!(c.replica.view(), self.server.entities, "device {i} differs from the server");
        }
        // The audit log replays to the current state.
        let mut replay = self.server.initial.clone();
        for (k, before, after) in &self.server.audit {
            assert_eq!(replay.get(k), before.as_ref(), "audit row of {k} does not start where the last one ended");
            replay.insert(k.clone(), after.clone());
        }
        assert_eq!(replay, self.server.entities);
    }
}

/// How many schedules: `SYNC_SCHEDULES` (`make bench` runs a long series), 2,000 by default.
fn schedules() -> u32 {
    std::env::var("SYNC_SCHEDULES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: schedules(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_schedule_ends_with_every_change_decided_and_every_device_equal_to_the_server(
        steps in proptest::collection::vec(step(), 1..80)
    ) {
        let mut run = Run::new();
        for s in &steps {
            let cursors: Vec<i64> = run.clients.iter().map(|c| c.replica.cursor).collect();
            run.step(s);
            run.check_always(&cursors);
        }
        run.settle();
        run.check();
    }
}

// ---------------------------------------------------------------------------------------------
// The replica's rules, one by one.

fn move_op(w: &World, member: usize, target: Option<usize>) -> Op {
    Op::MoveMember(MoveMember {
        campaign_id: w.campaign.id,
        member_id: w.members[member].id,
        target_branch_id: target.map(|t| w.branches[t].id),
    })
}

#[test]
fn a_change_stays_shown_until_a_pull_covers_it() {
    let w = world();
    let mut server = Server::new(&w);
    let mut r = Replica::new(Uuid::now_v7());
    server.scopes.insert(r.client_id, w.communes[0]);
    r.apply_pull(0, &server.pull(0));
    let m = r.enqueue(&OpCall::from(&move_op(&w, 0, Some(0))), Some(0), 1);
    assert_eq!(r.unsent_members(), vec![w.members[0].id]);
    let plan = key("plan", &format!("{}:{}", w.campaign.id, w.members[0].id));
    assert_eq!(r.view()[&plan]["target"], json!(w.branches[0].id));
    let reply = server.push(&r.next_push().unwrap(), None).unwrap();
    r.acknowledge(&reply);
    // Acknowledged: no longer "chưa gửi", still shown, not sent again.
    assert!(r.unsent_members().is_empty());
    assert!(r.next_push().is_none());
    assert_eq!(r.view()[&plan]["version"], json!(1));
    assert!(!r.base.contains_key(&plan));
    // The same reply again, late: nothing changes.
    r.acknowledge(&reply);
    assert_eq!(r.outbox.len(), 1);
    r.apply_pull(r.cursor, &server.pull(r.cursor));
    assert!(r.outbox.is_empty());
    assert_eq!(r.base[&plan]["target"], json!(w.branches[0].id));
    assert_eq!(server.applied, vec![m.id]);
}

#[test]
fn a_stale_pull_reply_does_not_turn_the_base_back() {
    let w = world();
    let mut server = Server::new(&w);
    let mut r = Replica::new(Uuid::now_v7());
    server.scopes.insert(r.client_id, w.communes[0]);
    let old_snapshot = server.pull(0);
    r.apply_pull(0, &server.pull(0));
    r.enqueue(&OpCall::from(&move_op(&w, 0, Some(0))), Some(0), 1);
    r.acknowledge(&server.push(&r.next_push().unwrap(), None).unwrap());
    let since = r.cursor;
    assert!(r.apply_pull(since, &server.pull(since)));
    assert!(!r.apply_pull(0, &old_snapshot), "a reply to an older request is ignored");
    assert_eq!(r.cursor, 1);
}

#[test]
fn the_plan_lines_after_a_pull_are_the_pulled_ones_whatever_was_known_before() {
    let w = world();
    let mut server = Server::new(&w);
    let mut r = Replica::new(Uuid::now_v7());
    server.scopes.insert(r.client_id, w.communes[0]);
    for (member, target) in [(0, 0), (1, 1)] {
        r.enqueue(&OpCall::from(&move_op(&w, member, Some(target))), Some(0), 1);
        r.acknowledge(&server.push(&r.next_push().unwrap(), None).unwrap());
    }
    r.apply_pull(0, &server.pull(0));
    let known = r.base_plans_after(&[]);
    assert_eq!(known, r.base_plans().collect::<Vec<_>>());
    assert_eq!(known.len(), 2);
    // Member 0 moves again on another device; what was known of member 0 is outdated, and an
    // entry known with a forged target but the pulled version is taken as known (same version,
    // same line: versions are never reused).
    let mut other = Replica::new(Uuid::now_v7());
    server.scopes.insert(other.client_id, w.communes[0]);
    other.apply_pull(0, &server.pull(0));
    other.enqueue(&OpCall::from(&move_op(&w, 0, Some(1))), Some(1), 2);
    other.acknowledge(&server.push(&other.next_push().unwrap(), None).unwrap());
    r.apply_pull(r.cursor, &server.pull(r.cursor));
    let fresh = r.base_plans_after(&known);
    assert_eq!(fresh, r.base_plans().collect::<Vec<_>>(), "the same lines as reading them all again");
    let line = |lines: &[PlanEntry], m: usize| lines.iter().find(|p| p.member_id == w.members[m].id).cloned().unwrap();
    assert_eq!(line(&fresh, 0).target, Some(w.branches[1].id));
    assert_eq!(line(&fresh, 0).version, 2);
    let mut forged = known.clone();
    forged.iter_mut().find(|p| p.member_id == w.members[1].id).unwrap().confirmed = true;
    assert!(line(&r.base_plans_after(&forged), 1).confirmed, "a known line of the same version is reused, not read again");
    // A reset that drops a line drops it from the answer too.
    r.base.retain(|k, _| !k.ends_with(&w.members[1].id.to_string()));
    assert_eq!(r.base_plans_after(&known).len(), 1);
}

#[test]
fn a_conflict_keeps_both_values_until_the_user_decides() {
    let w = world();
    let mut server = Server::new(&w);
    let (mut a, mut b) = (Replica::new(Uuid::now_v7()), Replica::new(Uuid::now_v7()));
    for r in [&mut a, &mut b] {
        server.scopes.insert(r.client_id, w.communes[0]);
        r.apply_pull(0, &server.pull(0));
    }
    // Both offline, both move the same member.
    a.enqueue(&OpCall::from(&move_op(&w, 1, Some(0))), Some(0), 1);
    b.enqueue(&OpCall::from(&move_op(&w, 1, Some(1))), Some(0), 2);
    a.acknowledge(&server.push(&a.next_push().unwrap(), None).unwrap());
    let report = b.acknowledge(&server.push(&b.next_push().unwrap(), None).unwrap());
    assert_eq!(report.rejected, 1);
    let rejection = &b.rejected[0];
    assert_eq!(rejection.reason, RejectReason::Conflict);
    assert_eq!(rejection.current.as_ref().unwrap()["target"], json!(w.branches[0].id));
    assert_eq!(rejection.mutation.args["target_branch_id"], json!(w.branches[1].id));
    // "Giữ của tôi": re-issued on the server's version, and it wins this time.
    let again = b.keep_mine(0, 3).unwrap();
    assert_eq!(again.base_version, Some(1));
    assert!(again.client_seq > 1);
    let reply = server.push(&b.next_push().unwrap(), None).unwrap();
    assert!(matches!(reply.results[0].outcome, Outcome::Applied { .. }));
    b.acknowledge(&reply);
    b.apply_pull(b.cursor, &server.pull(b.cursor));
    let plan = key("plan", &format!("{}:{}", w.campaign.id, w.members[1].id));
    assert_eq!(b.view()[&plan]["target"], json!(w.branches[1].id));
    // The other device lets its rejection go with "nhận giá trị trên máy chủ" in the same way.
    assert!(b.accept_theirs(0).is_none());
}

#[test]
fn a_second_save_is_based_on_the_first_until_the_page_is_fetched_again() {
    use crate::domain::evaluation::{EvaluationDraft, Rating, SubjectKind};
    use crate::domain::ids::EvaluationId;
    use crate::sync::ops::SaveEvaluation;
    let mut r = Replica::new(Uuid::now_v7());
    let id = EvaluationId::new();
    let subject = MemberId::new().to_string();
    let save = |rating| {
        let draft = EvaluationDraft { final_rating: Some(rating), ..EvaluationDraft::blank(SubjectKind::Member, subject.clone(), 2026) };
        Op::SaveEvaluation(SaveEvaluation { evaluation_id: id, evaluation: draft })
    };
    let k = id.to_string();
    assert_eq!(r.base_version("evaluation", &k, None), None, "the first save creates the rating");
    r.enqueue(&OpCall::from(&save(Rating::Good)), None, 1);
    assert_eq!(r.base_version("evaluation", &k, None), Some(1), "the second edits what the first made");
    r.enqueue(&OpCall::from(&save(Rating::Excellent)), Some(1), 2);
    assert_eq!(r.base_version("evaluation", &k, None), Some(2));
    // The page fetched again shows the server's version; a newer row pulled wins too.
    assert_eq!(r.base_version("evaluation", &k, Some(5)), Some(5));
    r.base.insert(key("evaluation", &k), json!({ "version": 7 }));
    assert_eq!(r.base_version("evaluation", &k, Some(5)), Some(7));
    // Another row is not touched by these changes.
    assert_eq!(r.base_version("evaluation", &EvaluationId::new().to_string(), Some(3)), Some(3));
    // A meeting is pulled with its sheet: its version is the meeting's.
    r.base.insert(key("meeting", "m"), json!({ "meeting": { "version": 4 }, "attendance": [] }));
    assert_eq!(r.base_version("meeting", "m", Some(1)), Some(4));
}

#[test]
fn a_years_rating_is_found_whatever_id_another_device_gave_it() {
    let mut r = Replica::new(Uuid::now_v7());
    let member = MemberId::new().to_string();
    assert_eq!(r.pulled_evaluation(&member, 2026), None);
    r.base.insert(key("evaluation", "a"), json!({ "subject_id": member, "year": 2026, "version": 2 }));
    r.base.insert(key("evaluation", "b"), json!({ "subject_id": member, "year": 2025, "version": 7 }));
    r.base.insert(key("evaluation", "c"), json!({ "subject_id": "someone else", "year": 2026, "version": 9 }));
    assert_eq!(r.pulled_evaluation(&member, 2026), Some(2));
    assert_eq!(r.pulled_version("evaluation", "b"), Some(7));
}

#[test]
fn the_store_round_trips_and_never_drops_changes_it_cannot_read() {
    let w = world();
    let mut r = Replica::new(Uuid::now_v7());
    r.enqueue(&OpCall::from(&move_op(&w, 0, Some(0))), Some(0), 1);
    r.base.insert(key("member", "x"), json!({"a": 1}));
    r.cursor = 7;
    let stored = Stored {
        meta: Some(Stored::meta_of(&r)),
        base: Some(Stored::base_of(&r)),
        outbox: Some(Stored::outbox_of(&r)),
        rejected: Some(Stored::rejected_of(&r)),
    };
    assert_eq!(stored.load(Uuid::now_v7()), (r.clone(), vec![]));
    // A broken base is pulled again; the outbox survives.
    let broken = Stored { base: Some("{".into()), ..stored.clone() };
    let (loaded, problems) = broken.load(Uuid::now_v7());
    assert_eq!(problems, vec![LoadProblem::BaseUnreadable]);
    assert_eq!((loaded.cursor, loaded.outbox.len(), loaded.client_id), (0, 1, r.client_id));
    // A broken outbox is reported (the browser glue keeps its text aside).
    let broken = Stored { outbox: Some("[{".into()), ..stored.clone() };
    assert_eq!(broken.load(Uuid::now_v7()).1, vec![LoadProblem::ChangesUnreadable]);
    // A newer format is not touched.
    let newer = Stored { meta: Some(stored.meta.clone().unwrap().replace("\"format\":1", "\"format\":9")), ..stored };
    assert_eq!(newer.load(Uuid::now_v7()).1, vec![LoadProblem::NewerFormat(9)]);
    assert!(LoadProblem::NewerFormat(9).message().contains("phiên bản mới hơn"));
}

#[test]
fn a_plan_change_is_projected_as_the_server_would_store_it() {
    let w = world();
    let mut r = Replica::new(Uuid::now_v7());
    let m = r.enqueue(&OpCall::from(&move_op(&w, 0, Some(0))), Some(4), 1);
    let entry = project_plan(None, &m).unwrap();
    assert_eq!((entry.target, entry.version, entry.confirmed), (Some(w.branches[0].id), 5, false));
    let confirm = Op::ConfirmTransfer(crate::sync::ops::ConfirmTransfer {
        campaign_id: w.campaign.id,
        member_id: w.members[0].id,
        effective_on: Date::parse_vn("01/07/2021").unwrap(),
        letter_no: "12".into(),
    });
    let c = r.enqueue(&OpCall::from(&confirm), Some(5), 2);
    let done = project_plan(Some(&entry), &c).unwrap();
    assert_eq!((done.confirmed, done.version), (true, 6));
    assert_eq!(project_plan(None, &c), None, "nothing to confirm");
}
