//! The mutation executor (ARCHITECTURE.md, sync protocol step 2). Each mutation runs in its own
//! transaction: idempotency check on `(client_id, client_seq)`, authorisation, the domain rules,
//! the version check, the write, the audit and change rows, and the device's progress — all in
//! one commit. A refused mutation is rolled back to a savepoint but still recorded, so it advances
//! the device's `client_seq` and never blocks the queue.

use sqlx::{Connection, SqliteConnection};

use crate::domain::DomainError;
use crate::domain::campaign::Campaign;
use crate::domain::date::Date;
use crate::domain::evaluation::{SubjectKind, excellent_quota, quota_warning};
use crate::domain::ids::{CampaignId, MemberId};
use crate::domain::meeting::MeetingContext;
use crate::domain::member::Member;
use crate::domain::membership::move_official;
use crate::domain::plan;
use crate::domain::scope::{Actor, Role};
use crate::domain::task;
use crate::error::AppError;
use crate::sync::ops::{ConfirmTransfer, DissolveBranch, MoveMember, SaveEvaluation, SaveMeeting, SaveMember, SaveNote, SaveTask};
use crate::sync::{Mutation, MutationResult, Op, Outcome, PushRequest, PushResponse, RejectReason};

use super::write::{self, Author, json};
use super::{Db, load, now_millis};

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
    Outcome::Rejected { reason, message: message.into(), current: None }
}

fn forbidden_outcome() -> Outcome {
    reject(RejectReason::Forbidden, AppError::Forbidden.to_string())
}

fn forbidden() -> Stop {
    Stop::Refused(forbidden_outcome())
}

fn conflict(current: serde_json::Value) -> Stop {
    Stop::Refused(Outcome::Rejected {
        reason: RejectReason::Conflict,
        message:
            "Dữ liệu này vừa được người khác thay đổi. Hãy xem giá trị hiện tại rồi quyết định giữ thay đổi của mình hay nhận bản mới."
                .into(),
        current: Some(current),
    })
}

/// A row that must exist, or a refusal naming what is missing.
fn found<T>(row: Option<T>, what: &'static str) -> Step<T> {
    row.ok_or(Stop::Refused(reject(RejectReason::Invalid, DomainError::NotFound(what).to_string())))
}

/// Processes a push, in order, and replies once everything is committed.
pub async fn push(db: &Db, actor: &Actor, req: &PushRequest) -> Result<PushResponse, AppError> {
    let _writer = db.writer().await;
    let client_id = req.client_id.to_string();
    let mut results = Vec::with_capacity(req.mutations.len());
    for m in &req.mutations {
        let outcome = process(db, actor, &client_id, m).await?;
        results.push(MutationResult { id: m.id, client_seq: m.client_seq, outcome });
    }
    let last: Option<(i64,)> =
        sqlx::query_as("SELECT last_client_seq FROM sync_clients WHERE client_id = $1").bind(&client_id).fetch_optional(&db.pool).await?;
    // The live subscribers hear of the commit, with the communes it touched (the writer lock is
    // still held, so every change row between the first and the last applied is this push's).
    let applied: Vec<i64> =
        results.iter().filter_map(|r| if let Outcome::Applied { seq, .. } = r.outcome { Some(seq) } else { None }).collect();
    if let (Some(&first), Some(&newest)) = (applied.iter().min(), applied.iter().max()) {
        let communes: Vec<(Option<String>,)> = sqlx::query_as("SELECT DISTINCT commune_id FROM changes WHERE seq BETWEEN $1 AND $2")
            .bind(first)
            .bind(newest)
            .fetch_all(&db.pool)
            .await?;
        let communes: Vec<_> = communes.into_iter().map(|(c,)| c.as_deref().and_then(crate::domain::ids::UnitId::parse)).collect();
        // The overview's figures of the communes touched, once per push (the subscribers refetch
        // them after the poke).
        let mut tx = db.pool.begin().await?;
        super::stats::refresh(&mut tx, &communes).await?;
        tx.commit().await?;
        db.announce(super::db::Commit { seq: newest, communes });
    }
    Ok(PushResponse { results, last_client_seq: last.map_or(0, |(l,)| l) })
}

async fn process(db: &Db, actor: &Actor, client_id: &str, m: &Mutation) -> Result<Outcome, AppError> {
    let mut tx = db.pool.begin().await?;
    let owner: Option<(String, i64)> = sqlx::query_as("SELECT user_id, last_client_seq FROM sync_clients WHERE client_id = $1")
        .bind(client_id)
        .fetch_optional(&mut *tx)
        .await?;
    let last = match owner {
        Some((user, _)) if user != actor.user_id.to_string() => return Ok(forbidden_outcome()),
        Some((_, last)) => last,
        None => {
            sqlx::query("INSERT INTO sync_clients (client_id, user_id, last_client_seq) VALUES ($1, $2, 0)")
                .bind(client_id)
                .bind(actor.user_id.to_string())
                .execute(&mut *tx)
                .await?;
            0
        }
    };
    if m.client_seq < 1 {
        return Ok(reject(RejectReason::Invalid, "Số thứ tự thao tác phải từ 1 trở lên."));
    }
    let stored: Option<(String,)> = sqlx::query_as("SELECT outcome FROM sync_mutations WHERE client_id = $1 AND client_seq = $2")
        .bind(client_id)
        .bind(m.client_seq)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some((stored,)) = stored {
        let stored: Outcome = serde_json::from_str(&stored).map_err(|_| AppError::Internal)?;
        return Ok(match stored {
            Outcome::Applied { seq, .. } => Outcome::Duplicate { seq: Some(seq) },
            other => other,
        });
    }
    if m.client_seq <= last {
        return Ok(Outcome::Duplicate { seq: None });
    }
    let author = Author { user_id: actor.user_id.to_string(), client_id: Some(client_id), mutation: Some(&m.name) };
    let mut savepoint = tx.begin().await?;
    let outcome = match apply(&mut savepoint, actor, &author, m).await {
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
    sqlx::query("INSERT INTO sync_mutations (client_id, client_seq, mutation_id, outcome) VALUES ($1, $2, $3, $4)")
        .bind(client_id)
        .bind(m.client_seq)
        .bind(m.id.to_string())
        .bind(serde_json::to_string(&outcome).map_err(|_| AppError::Internal)?)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE sync_clients SET last_client_seq = $1 WHERE client_id = $2")
        .bind(m.client_seq)
        .bind(client_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

async fn apply(conn: &mut SqliteConnection, actor: &Actor, author: &Author<'_>, m: &Mutation) -> Step<Outcome> {
    let op = Op::parse(&m.name, m.args.clone()).map_err(|message| Stop::Refused(reject(RejectReason::Invalid, message)))?;
    match op {
        Op::MoveMember(a) => move_member(conn, actor, author, m.base_version, a).await,
        Op::ConfirmTransfer(a) => confirm_transfer(conn, actor, author, m.base_version, a).await,
        Op::DissolveBranch(a) => dissolve_branch(conn, actor, author, m.base_version, a).await,
        Op::CreateMember(a) => save_member(conn, actor, author, None, a).await,
        Op::UpdateMember(a) => save_member(conn, actor, author, Some(m.base_version), a).await,
        Op::SaveTask(a) => save_task(conn, actor, author, m.base_version, a).await,
        Op::SaveEvaluation(a) => save_evaluation(conn, actor, author, m.base_version, a).await,
        Op::SaveMeeting(a) => save_meeting(conn, actor, author, m.base_version, a).await,
        Op::SaveNote(a) => save_note(conn, actor, author, m.base_version, a).await,
    }
}

/// The version a create (`base` is `None`) or an update (`base` is the version the device saw)
/// gives a row that exists (`current`) or not; a stale base is a conflict with the current row.
fn next_version<T: serde::Serialize>(current: Option<&T>, current_version: Option<i64>, base: Option<i64>) -> Step<i64> {
    match (current, base) {
        (None, None) => Ok(1),
        (Some(c), b) if b != current_version => Err(conflict(json(c))),
        (Some(_), _) => Ok(current_version.unwrap_or(0) + 1),
        (None, Some(_)) => Err(DomainError::NotFound("bản ghi cần sửa").into()),
    }
}

/// A member whose tasks, ratings and notes the actor may record, with the member's official branch.
async fn followed_member(conn: &mut SqliteConnection, actor: &Actor, id: MemberId) -> Step<(Member, Option<crate::domain::ids::BranchId>)> {
    let member = found(load::member(conn, id).await?, "đảng viên")?;
    let official = load::current_official(conn, member.id).await?.map(|m| m.branch_id);
    if !actor.can_follow_member(member.commune_id, official) {
        return Err(forbidden());
    }
    Ok((member, official))
}

async fn save_task(conn: &mut SqliteConnection, actor: &Actor, author: &Author<'_>, base: Option<i64>, a: SaveTask) -> Step<Outcome> {
    let (member, official) = followed_member(conn, actor, a.task.member_id).await?;
    let current = load::task(conn, a.task_id).await?;
    if current.as_ref().is_some_and(|t| t.member_id != member.id) {
        return Err(DomainError::InvalidValue(a.task_id.to_string()).into());
    }
    let version = next_version(current.as_ref(), current.as_ref().map(|t| t.version), base)?;
    task::check_branch(a.task.branch_id, official)?;
    let saved = a.task.validate(a.task_id, version)?;
    write::save_task(conn, &saved).await?;
    let before = current.map(|c| json(&c));
    let seq = write::record(
        conn,
        author,
        "task",
        &saved.id.to_string(),
        Some(member.commune_id),
        Some(saved.branch_id),
        before,
        Some(json(&saved)),
    )
    .await?;
    Ok(Outcome::Applied { seq, warning: None })
}

async fn save_evaluation(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<i64>,
    a: SaveEvaluation,
) -> Step<Outcome> {
    let draft = a.evaluation;
    let (commune, branch) = match draft.subject_kind {
        SubjectKind::Member => {
            let id = MemberId::parse(&draft.subject_id).ok_or(DomainError::NotFound("đảng viên"))?;
            let (member, official) = followed_member(conn, actor, id).await?;
            (Some(member.commune_id), official)
        }
        SubjectKind::Branch => {
            let id = crate::domain::ids::BranchId::parse(&draft.subject_id).ok_or(DomainError::NotFound("chi bộ"))?;
            let branch = found(load::branch(conn, id).await?, "chi bộ")?;
            if !branch.commune_id.is_some_and(|c| actor.can_manage_commune(c)) {
                return Err(forbidden());
            }
            (branch.commune_id, Some(branch.id))
        }
    };
    let current = load::evaluation(conn, draft.subject_kind, &draft.subject_id, draft.year).await?;
    let version = next_version(current.as_ref(), current.as_ref().map(|e| e.version), base)?;
    // One evaluation per subject and year: an update keeps the row's id.
    let id = current.as_ref().map_or(a.evaluation_id, |c| c.id);
    let year = draft.year;
    let saved = draft.validate(id, version)?;
    write::save_evaluation(conn, &saved).await?;
    let before = current.map(|c| json(&c));
    let seq = write::record(conn, author, "evaluation", &saved.id.to_string(), commune, branch, before, Some(json(&saved))).await?;
    let warning = match (commune, saved.subject_kind) {
        (Some(c), SubjectKind::Member) => {
            let percent = load::excellent_quota_percent(conn).await?;
            quota_warning(excellent_quota(load::commune_final_ratings(conn, c, year).await?, percent), percent)
        }
        _ => None,
    };
    Ok(Outcome::Applied { seq, warning })
}

async fn save_meeting(conn: &mut SqliteConnection, actor: &Actor, author: &Author<'_>, base: Option<i64>, a: SaveMeeting) -> Step<Outcome> {
    let branch = found(load::branch(conn, a.meeting.branch_id).await?, "chi bộ")?;
    let Some(commune) = branch.commune_id else { return Err(forbidden()) };
    if !actor.can_follow_member(commune, Some(branch.id)) {
        return Err(forbidden());
    }
    let current = load::meeting(conn, a.meeting_id).await?;
    if current.as_ref().is_some_and(|c| c.meeting.branch_id != branch.id) {
        return Err(DomainError::InvalidValue(a.meeting_id.to_string()).into());
    }
    let version = next_version(current.as_ref(), current.as_ref().map(|c| c.meeting.version), base)?;
    let members = load::official_members_on(conn, branch.id, a.meeting.date).await?;
    let held = load::meetings_of(conn, branch.id).await?;
    let cx = MeetingContext {
        members: &members,
        held: &held,
        today: Date::from_unix_millis_vn(now_millis()),
        dissolved_on: branch.dissolved.as_ref().map(|d| d.on),
    };
    let saved = a.meeting.validate(a.meeting_id, version, &cx)?;
    write::save_meeting(conn, &saved).await?;
    let before = current.map(|c| json(&c));
    let seq = write::record(conn, author, "meeting", &a.meeting_id.to_string(), Some(commune), Some(branch.id), before, Some(json(&saved)))
        .await?;
    Ok(Outcome::Applied { seq, warning: None })
}

async fn save_note(conn: &mut SqliteConnection, actor: &Actor, author: &Author<'_>, base: Option<i64>, a: SaveNote) -> Step<Outcome> {
    let (member, official) = followed_member(conn, actor, a.note.member_id).await?;
    let current = load::note(conn, a.note_id).await?;
    if current.as_ref().is_some_and(|n| n.member_id != member.id) {
        return Err(DomainError::InvalidValue(a.note_id.to_string()).into());
    }
    let version = next_version(current.as_ref(), current.as_ref().map(|n| n.version), base)?;
    let saved = a.note.validate(a.note_id, version)?;
    write::save_note(conn, &saved).await?;
    let before = current.map(|c| json(&c));
    let seq =
        write::record(conn, author, "note", &saved.id.to_string(), Some(member.commune_id), official, before, Some(json(&saved))).await?;
    Ok(Outcome::Applied { seq, warning: None })
}

fn plan_key(p: &plan::PlanEntry) -> String {
    format!("{}:{}", p.campaign_id, p.member_id)
}

/// The member and the campaign of a plan operation, once the actor may manage the member's commune.
async fn member_and_campaign(
    conn: &mut SqliteConnection,
    actor: &Actor,
    member: MemberId,
    campaign: CampaignId,
) -> Step<(Member, Campaign)> {
    let member = found(load::member(conn, member).await?, "đảng viên")?;
    if !actor.can_manage_commune(member.commune_id) {
        return Err(forbidden());
    }
    let campaign = found(load::campaign(conn, campaign).await?, "đợt chuyển")?;
    Ok((member, campaign))
}

async fn move_member(conn: &mut SqliteConnection, actor: &Actor, author: &Author<'_>, base: Option<i64>, a: MoveMember) -> Step<Outcome> {
    let (member, campaign) = member_and_campaign(conn, actor, a.member_id, a.campaign_id).await?;
    let current = load::plan(conn, campaign.id, member.id).await?;
    if base.unwrap_or(0) != current.as_ref().map_or(0, |p| p.version) {
        return Err(conflict(json(&current)));
    }
    let target = match a.target_branch_id {
        Some(t) => Some(found(load::branch(conn, t).await?, "chi bộ")?),
        None => None,
    };
    let (entry, warning) = plan::plan_move(&campaign, &member, current.as_ref(), target.as_ref())?;
    write::save_plan(conn, &entry).await?;
    let before = current.map(|c| json(&c));
    let seq =
        write::record(conn, author, "plan", &plan_key(&entry), Some(member.commune_id), entry.target, before, Some(json(&entry))).await?;
    Ok(Outcome::Applied { seq, warning: warning.map(|w| w.label().to_string()) })
}

async fn confirm_transfer(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<i64>,
    a: ConfirmTransfer,
) -> Step<Outcome> {
    let (member, campaign) = member_and_campaign(conn, actor, a.member_id, a.campaign_id).await?;
    let entry = load::plan(conn, campaign.id, member.id).await?.ok_or(DomainError::NotPlanned)?;
    if base.is_some_and(|b| b != entry.version) {
        return Err(conflict(json(&entry)));
    }
    let target = found(load::branch(conn, entry.target.ok_or(DomainError::NotPlanned)?).await?, "chi bộ")?;
    let current = load::current_official(conn, member.id).await?;
    let done = plan::confirm(&campaign, &member, &entry, &target, current.as_ref(), a.effective_on, &a.letter_no)?;
    let commune = Some(member.commune_id);
    write::save_plan(conn, &done.entry).await?;
    write::record(conn, author, "plan", &plan_key(&done.entry), commune, Some(target.id), Some(json(&entry)), Some(json(&done.entry)))
        .await?;
    if let Some(ended) = &done.ended {
        write::save_membership(conn, ended).await?;
        let before = current.map(|c| json(&c));
        write::record(conn, author, "membership", &ended.id.to_string(), commune, Some(ended.branch_id), before, Some(json(ended))).await?;
    }
    write::save_membership(conn, &done.started).await?;
    write::record(conn, author, "membership", &done.started.id.to_string(), commune, Some(target.id), None, Some(json(&done.started)))
        .await?;
    write::insert_transfer(conn, &done.transfer).await?;
    let seq =
        write::record(conn, author, "transfer", &done.transfer.id.to_string(), commune, Some(target.id), None, Some(json(&done.transfer)))
            .await?;
    Ok(Outcome::Applied { seq, warning: None })
}

async fn dissolve_branch(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<i64>,
    a: DissolveBranch,
) -> Step<Outcome> {
    let branch = found(load::branch(conn, a.branch_id).await?, "chi bộ")?;
    let allowed = match branch.commune_id {
        Some(c) => actor.can_manage_commune(c),
        None => actor.role == Role::Admin,
    };
    if !allowed {
        return Err(forbidden());
    }
    if base.is_some_and(|b| b != branch.version) {
        return Err(conflict(json(&branch)));
    }
    let members = load::official_count(conn, branch.id).await?;
    let mut dissolved = branch.dissolve(members, a.on, &a.decision_no)?;
    dissolved.version += 1;
    write::save_branch(conn, &dissolved).await?;
    let seq = write::record(
        conn,
        author,
        "branch",
        &branch.id.to_string(),
        branch.commune_id,
        Some(branch.id),
        Some(json(&branch)),
        Some(json(&dissolved)),
    )
    .await?;
    Ok(Outcome::Applied { seq, warning: None })
}

/// Creates (`base` is `None`) or updates (`base` is `Some(version)`) a member's record.
async fn save_member(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<Option<i64>>,
    a: SaveMember,
) -> Step<Outcome> {
    let existing = load::member(conn, a.member_id).await?;
    let commune = a.member.commune_id;
    if !actor.can_manage_commune(commune) || existing.as_ref().is_some_and(|m| !actor.can_manage_commune(m.commune_id)) {
        return Err(forbidden());
    }
    let version = match (&existing, base) {
        (Some(_), None) => return Err(DomainError::InvalidValue(a.member_id.to_string()).into()),
        (None, Some(_)) => return Err(DomainError::NotFound("đảng viên").into()),
        (Some(m), Some(b)) if b != Some(m.version) => return Err(conflict(json(m))),
        (Some(m), Some(_)) if m.commune_id != commune => return Err(DomainError::CommuneCannotChange.into()),
        (Some(m), Some(_)) => m.version + 1,
        (None, None) => 1,
    };
    let in_commune: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM org_unit_links WHERE child_id = $1 AND parent_id = $2 AND valid_to IS NULL")
            .bind(a.member.residence_id.to_string())
            .bind(commune.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let today = Date::from_unix_millis_vn(now_millis());
    let member = a.member.validate(a.member_id, version, today, in_commune.is_some())?;
    let joins = match (&existing, a.branch_id) {
        (Some(_), _) => None,
        (None, None) => return Err(DomainError::Required("chi bộ sinh hoạt").into()),
        (None, Some(branch_id)) => {
            let branch = found(load::branch(conn, branch_id).await?, "chi bộ")?;
            plan::check_target(&member, &branch)?;
            Some(move_official(None, member.id, branch.id, today)?.1)
        }
    };
    write::save_member(conn, &member).await?;
    if let Some(started) = &joins {
        write::save_membership(conn, started).await?;
        write::record(
            conn,
            author,
            "membership",
            &started.id.to_string(),
            Some(commune),
            Some(started.branch_id),
            None,
            Some(json(started)),
        )
        .await?;
    }
    let branch = match &joins {
        Some(started) => Some(started.branch_id),
        None => load::current_official(conn, member.id).await?.map(|m| m.branch_id),
    };
    let seq = write::record(
        conn,
        author,
        "member",
        &member.id.to_string(),
        Some(commune),
        branch,
        existing.map(|e| json(&e)),
        Some(json(&member)),
    )
    .await?;
    Ok(Outcome::Applied { seq, warning: None })
}
