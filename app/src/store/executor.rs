//! The mutation executor (ARCHITECTURE.md, sync protocol step 2). For each mutation: idempotency
//! check on `(client_id, client_seq)`, authorisation, the domain rules, the version check, the
//! write, the audit and change rows, and the device's progress — all in one commit, which is its
//! chunk's (a push is processed in chunks of about 50 ms, each one transaction). A refused
//! mutation is rolled back to a savepoint but still recorded, so it advances the device's
//! `client_seq` and never blocks the queue. One module per family of mutations.

mod branches;
mod follow;
mod members;
mod org;
mod plans;
mod tree;

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use sqlx::Connection;

use super::changes::{self, Author, Record, to_json};
use super::db::Commit;
use super::{Conn, Db, devices};
use crate::domain::DomainError;
use crate::domain::ids::UnitId;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::sync::sequence::{Stored, Verdict, refusal_message, verdict};
use crate::sync::{Mutation, MutationResult, Op, Outcome, PushRequest, PushResponse, RejectReason};

/// Why an operation stopped: a refusal the device is told about (recorded, the queue moves on),
/// or a failure of the server (nothing recorded, the device retries).
enum Stop {
    Refused(Outcome),
    Failed(AppError),
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

impl From<sqlx::Error> for Stop {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

impl From<DomainError> for Stop {
    fn from(e: DomainError) -> Self {
        Self::Refused(reject(RejectReason::Invalid, e.to_string()))
    }
}

type Step<T> = Result<T, Stop>;

fn reject(reason: RejectReason, message: impl Into<String>) -> Outcome {
    Outcome::Rejected { reason, message: message.into(), current: None, expected_seq: None }
}

fn forbidden_outcome() -> Outcome {
    reject(RejectReason::Forbidden, AppError::Forbidden.to_string())
}

fn forbidden() -> Stop {
    Stop::Refused(forbidden_outcome())
}

/// A row that must exist, or a refusal naming what is missing.
fn found<T>(row: Option<T>, what: &'static str) -> Step<T> {
    row.ok_or(Stop::Refused(reject(RejectReason::Invalid, DomainError::NotFound(what).to_string())))
}

/// The optimistic version check, the one every mutation makes. `base` is the version of the row
/// the device saw (`None` or 0: it saw no row); `current` is the row now, with its version. The
/// result is the version the row gets; a stale base is a conflict that carries the current row
/// (`null` when the row the device saw is not there), so that its author can decide.
fn next_version<T: Serialize>(current: Option<(&T, i64)>, base: Option<i64>) -> Step<i64> {
    let seen = base.unwrap_or(0);
    match current {
        None if seen == 0 => Ok(1),
        Some((_, version)) if version == seen => Ok(version + 1),
        Some((row, _)) => Err(conflict(to_json(row))),
        None => Err(conflict(Value::Null)),
    }
}

fn conflict(current: Value) -> Stop {
    Stop::Refused(Outcome::Rejected {
        reason: RejectReason::Conflict,
        message:
            "Dữ liệu này vừa được người khác thay đổi. Hãy xem giá trị hiện tại rồi quyết định giữ thay đổi của mình hay nhận bản mới."
                .into(),
        current: Some(current),
        expected_seq: None,
    })
}

/// What every mutation gets besides its arguments: who asks, for the rules and the audit, and
/// the version the device based the change on.
struct Cx<'a> {
    actor: &'a Actor,
    author: Author<'a>,
    base: Option<i64>,
}

impl Cx<'_> {
    /// Writes the audit and change rows of one changed row; returns the change's number.
    async fn record(&self, conn: &mut Conn, record: Record<'_>) -> Step<i64> {
        Ok(changes::record(conn, &self.author, record).await?)
    }
}

/// The operations that may move accounts to another commune.
const RESCOPING: [&str; 2] = ["unit.merge", "unit.dissolve"];

/// How long a push may hold the writer lock at a time: a long push is processed in chunks, so
/// that a small push from another device is not kept waiting behind it for seconds.
const CHUNK: Duration = Duration::from_millis(50);

/// During a long push, the kept figures are refreshed and the subscribers poked at most this
/// often (and once more at its end).
const REFRESH_EVERY: Duration = Duration::from_millis(500);

/// Processes a push, in order, and replies once everything is committed. The writer lock is taken
/// for a chunk of mutations at a time (about [`CHUNK`]), processed in one transaction, and then
/// goes to whoever waits for it. The live subscribers hear of each chunk at once; the kept
/// figures of the communes touched are refreshed (and announced to the district) at the end, and
/// every [`REFRESH_EVERY`] of a long push.
pub async fn push(db: &Db, actor: &Actor, req: &PushRequest) -> Result<PushResponse, AppError> {
    let client_id = req.client_id.to_string();
    let mut results = Vec::with_capacity(req.mutations.len());
    let mut rest = req.mutations.iter().peekable();
    let mut touched: Vec<Option<UnitId>> = Vec::new();
    let mut newest = None;
    let mut refreshed = Instant::now();
    while rest.peek().is_some() {
        let _writer = db.writer().await;
        let started = Instant::now();
        let mut applied = Vec::new();
        let mut rescoped = false;
        // Numbers are drawn in commit order: see `Db::begin_write`. A failure of the server rolls
        // the whole chunk back (the push fails, the device sends it again).
        let mut tx = db.begin_write().await?;
        while let Some(m) = rest.next_if(|_| started.elapsed() < CHUNK) {
            let outcome = process(&mut tx, actor, &client_id, m).await?;
            if let Outcome::Applied { seq, .. } = outcome {
                applied.push(seq);
                rescoped |= RESCOPING.contains(&m.name.as_str());
            }
            results.push(MutationResult { id: m.id, client_seq: m.client_seq, outcome });
        }
        tx.commit().await?;
        let mut conn = db.pool.acquire().await?;
        // The writer lock is still held: every change row between the chunk's first and last is
        // the chunk's. Its subscribers hear of it at once; the figures follow.
        if let (Some(&first), Some(&last)) = (applied.iter().min(), applied.iter().max()) {
            let communes = changes::communes_between(&mut conn, first, last).await?;
            db.announce(Commit { seq: last, communes: communes.clone(), figures: None, signed_out: None, rescoped }).await;
            for commune in communes {
                if !touched.contains(&commune) {
                    touched.push(commune);
                }
            }
            newest = Some(last);
        }
        if let Some(seq) = newest.filter(|_| rest.peek().is_none() || refreshed.elapsed() >= REFRESH_EVERY) {
            // Under the write lock: no change commits while the figures are computed, so a
            // slower server cannot store figures older than another's.
            let mut tx = db.begin_write().await?;
            let figures = super::stats::refresh(&mut tx, &touched).await?;
            tx.commit().await?;
            let figures = serde_json::to_string(&figures).map_err(|_| AppError::Internal)?;
            db.announce(Commit {
                seq,
                communes: std::mem::take(&mut touched),
                figures: Some(figures.into()),
                signed_out: None,
                rescoped: false,
            })
            .await;
            newest = None;
            refreshed = Instant::now();
        }
    }
    let last = devices::get(&mut *db.pool.acquire().await?, &client_id).await?.map_or(0, |(_, last)| last);
    Ok(PushResponse { results, last_client_seq: last })
}

/// Processes one mutation inside the chunk's transaction `tx`; what it writes commits with the
/// chunk. A refusal writes nothing but its outcome (the operation is rolled back to a savepoint).
async fn process(tx: &mut Conn, actor: &Actor, client_id: &str, m: &Mutation) -> Result<Outcome, AppError> {
    let user = actor.user_id.to_string();
    let known = devices::known(tx, client_id, &user, &m.id.to_string(), m.client_seq).await?;
    let (last, new_device) = match known.device {
        Some((owner, _)) if owner != user => return Ok(forbidden_outcome()),
        Some((_, last)) => (last, false),
        None => (0, true),
    };
    let (stored, taken) = (known.outcome, known.number_taken);
    let found = match &stored {
        Some(_) => Stored::Same,
        None if taken => Stored::Other,
        None => Stored::Nothing,
    };
    let verdict = verdict(last, m.client_seq, found);
    if new_device && !matches!(verdict, Verdict::Refuse { .. }) {
        devices::register(tx, client_id, &user).await?;
    }
    match verdict {
        Verdict::Process => {}
        Verdict::Replay => {
            let text = stored.ok_or(AppError::Internal)?;
            // Sent again under the device's next number (it numbered its changes again): the
            // number counts as processed, so the device's next change is not a gap.
            if !taken && m.client_seq == last + 1 {
                devices::processed(tx, client_id, m.client_seq, &m.id.to_string(), &text).await?;
            }
            let stored: Outcome = serde_json::from_str(&text).map_err(|_| AppError::Internal)?;
            return Ok(match stored {
                Outcome::Applied { seq, .. } => Outcome::Duplicate { seq: Some(seq) },
                other => other,
            });
        }
        // Nothing is recorded: the device numbers its changes again and sends them.
        Verdict::Refuse { expected } => {
            return Ok(Outcome::Rejected {
                reason: RejectReason::Invalid,
                message: refusal_message(expected, m.client_seq),
                current: None,
                expected_seq: Some(expected),
            });
        }
    }
    let cx = Cx {
        actor,
        author: Author { user_id: actor.user_id.to_string(), client_id: Some(client_id), mutation: Some(&m.name) },
        base: m.base_version,
    };
    let mut savepoint = tx.begin().await?;
    let outcome = match apply(&mut savepoint, &cx, m).await {
        Ok(applied) => {
            savepoint.commit().await?;
            applied
        }
        Err(Stop::Refused(refused)) => {
            savepoint.rollback().await?;
            refused
        }
        Err(Stop::Failed(e)) => return Err(e),
    };
    let outcome_json = serde_json::to_string(&outcome).map_err(|_| AppError::Internal)?;
    devices::processed(tx, client_id, m.client_seq, &m.id.to_string(), &outcome_json).await?;
    Ok(outcome)
}

async fn apply(conn: &mut Conn, cx: &Cx<'_>, m: &Mutation) -> Step<Outcome> {
    let op = Op::parse(&m.name, m.args.clone()).map_err(|message| Stop::Refused(reject(RejectReason::Invalid, message)))?;
    match op {
        Op::MoveMember(a) => plans::move_member(conn, cx, a).await,
        Op::ConfirmTransfer(a) => plans::confirm_transfer(conn, cx, a).await,
        Op::DissolveBranch(a) => branches::dissolve(conn, cx, a).await,
        Op::CreateMember(a) => members::save(conn, cx, a, members::Intent::Create).await,
        Op::UpdateMember(a) => members::save(conn, cx, a, members::Intent::Update).await,
        Op::SaveTask(a) => follow::save_task(conn, cx, a).await,
        Op::SaveEvaluation(a) => follow::save_evaluation(conn, cx, a).await,
        Op::SaveMeeting(a) => follow::save_meeting(conn, cx, a).await,
        Op::SaveNote(a) => follow::save_note(conn, cx, a).await,
        Op::CreateUnit(a) => org::create_unit(conn, cx, a).await,
        Op::CreateBranch(a) => org::create_branch(conn, cx, a).await,
        Op::CreateCampaign(a) => org::create_campaign(conn, cx, a).await,
        Op::CloseCampaign(a) => org::close_campaign(conn, cx, a).await,
        Op::MergeUnits(a) => tree::merge(conn, cx, a).await,
        Op::RenameUnit(a) => tree::rename(conn, cx, a).await,
        Op::DissolveUnit(a) => tree::dissolve(conn, cx, a).await,
        Op::RenameBranch(a) => branches::rename(conn, cx, a).await,
    }
}

/// The applied outcome of a change, with a rule's remark if any.
fn applied(seq: i64, warning: Option<String>) -> Step<Outcome> {
    Ok(Outcome::Applied { seq, warning })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::note::{Note, NoteKind};

    fn note(version: i64) -> Note {
        let id = crate::domain::ids::NoteId::new();
        Note { id, member_id: crate::domain::ids::MemberId::new(), year: 2020, kind: NoteKind::Commendation, text: "x".into(), version }
    }

    fn conflict_row(step: Step<i64>) -> Option<Value> {
        match step {
            Err(Stop::Refused(Outcome::Rejected { reason: RejectReason::Conflict, current, .. })) => current,
            Err(Stop::Refused(other)) => panic!("not a conflict: {other:?}"),
            Err(Stop::Failed(e)) => panic!("failed: {e}"),
            Ok(v) => panic!("applied as version {v}"),
        }
    }

    #[test]
    fn a_row_is_created_at_version_one_and_each_change_adds_one() {
        assert!(matches!(next_version::<Note>(None, None), Ok(1)));
        assert!(matches!(next_version::<Note>(None, Some(0)), Ok(1)), "0 is the version of a row not yet made");
        let n = note(3);
        assert!(matches!(next_version(Some((&n, 3)), Some(3)), Ok(4)));
    }

    #[test]
    fn a_stale_or_missing_base_is_a_conflict_with_the_current_row() {
        let n = note(3);
        let current = conflict_row(next_version(Some((&n, 3)), Some(2))).expect("the current row");
        assert_eq!(current["version"], 3);
        // No base on a row that exists: the device did not see it (never skipped).
        assert_eq!(conflict_row(next_version(Some((&n, 3)), None)).expect("the current row")["version"], 3);
        // A base on a row that is not there: the row the device saw is gone.
        assert_eq!(conflict_row(next_version::<Note>(None, Some(2))), Some(Value::Null));
    }
}
