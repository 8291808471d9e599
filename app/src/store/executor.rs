//! The mutation executor (ARCHITECTURE.md, sync protocol step 2). Each mutation runs in its own
//! transaction: idempotency check on `(client_id, client_seq)`, authorisation, the domain rules,
//! the version check, the write, the audit and change rows, and the device's progress — all in
//! one commit. A refused mutation is rolled back to a savepoint but still recorded, so it advances
//! the device's `client_seq` and never blocks the queue.

use sqlx::{Connection, SqliteConnection};

use crate::domain::DomainError;
use crate::domain::date::Date;
use crate::domain::plan;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::sync::ops::{ConfirmTransfer, DissolveBranch, MoveMember, SaveMember};
use crate::sync::{Mutation, MutationResult, Op, Outcome, PushRequest, PushResponse, RejectReason};

use super::write::{self, Author, json};
use super::{Db, load, now_millis};

/// A refusal, as an outcome.
type Applied = Result<Outcome, Outcome>;

fn reject(reason: RejectReason, message: impl Into<String>) -> Outcome {
    Outcome::Rejected { reason, message: message.into(), current: None }
}

fn forbidden() -> Outcome {
    reject(RejectReason::Forbidden, AppError::Forbidden.to_string())
}

fn invalid(e: DomainError) -> Outcome {
    reject(RejectReason::Invalid, e.to_string())
}

fn conflict(current: serde_json::Value) -> Outcome {
    Outcome::Rejected {
        reason: RejectReason::Conflict,
        message:
            "Dữ liệu này vừa được người khác thay đổi. Hãy xem giá trị hiện tại rồi quyết định giữ thay đổi của mình hay nhận bản mới."
                .into(),
        current: Some(current),
    }
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
    Ok(PushResponse { results, last_client_seq: last.map_or(0, |(l,)| l) })
}

async fn process(db: &Db, actor: &Actor, client_id: &str, m: &Mutation) -> Result<Outcome, AppError> {
    let mut tx = db.pool.begin().await?;
    let owner: Option<(String, i64)> = sqlx::query_as("SELECT user_id, last_client_seq FROM sync_clients WHERE client_id = $1")
        .bind(client_id)
        .fetch_optional(&mut *tx)
        .await?;
    let last = match owner {
        Some((user, _)) if user != actor.user_id.to_string() => return Ok(forbidden()),
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
    let outcome = match apply(&mut savepoint, actor, &author, m).await? {
        Ok(applied) => {
            savepoint.commit().await?;
            applied
        }
        Err(refused) => {
            savepoint.rollback().await?;
            refused
        }
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

async fn apply(conn: &mut SqliteConnection, actor: &Actor, author: &Author<'_>, m: &Mutation) -> Result<Applied, AppError> {
    let op = match Op::parse(&m.name, m.args.clone()) {
        Ok(op) => op,
        Err(message) => return Ok(Err(reject(RejectReason::Invalid, message))),
    };
    match op {
        Op::MoveMember(a) => move_member(conn, actor, author, m.base_version, a).await,
        Op::ConfirmTransfer(a) => confirm_transfer(conn, actor, author, m.base_version, a).await,
        Op::DissolveBranch(a) => dissolve_branch(conn, actor, author, m.base_version, a).await,
        Op::CreateMember(a) => save_member(conn, actor, author, None, a).await,
        Op::UpdateMember(a) => save_member(conn, actor, author, Some(m.base_version), a).await,
    }
}

fn plan_key(p: &plan::PlanEntry) -> String {
    format!("{}:{}", p.campaign_id, p.member_id)
}

async fn move_member(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<i64>,
    a: MoveMember,
) -> Result<Applied, AppError> {
    let Some(member) = load::member(conn, a.member_id).await? else { return Ok(Err(invalid(DomainError::NotFound("đảng viên")))) };
    if !actor.can_manage_commune(member.commune_id) {
        return Ok(Err(forbidden()));
    }
    let Some(campaign) = load::campaign(conn, a.campaign_id).await? else {
        return Ok(Err(invalid(DomainError::NotFound("đợt chuyển"))));
    };
    let current = load::plan(conn, campaign.id, member.id).await?;
    if base.unwrap_or(0) != current.as_ref().map_or(0, |p| p.version) {
        return Ok(Err(conflict(json(&current))));
    }
    let target = match a.target_branch_id {
        Some(t) => match load::branch(conn, t).await? {
            Some(b) => Some(b),
            None => return Ok(Err(invalid(DomainError::NotFound("chi bộ")))),
        },
        None => None,
    };
    let (entry, warning) = match plan::plan_move(&campaign, &member, current.as_ref(), target.as_ref()) {
        Ok(done) => done,
        Err(e) => return Ok(Err(invalid(e))),
    };
    write::save_plan(conn, &entry).await?;
    let seq = write::record(
        conn,
        author,
        "plan",
        &plan_key(&entry),
        Some(member.commune_id),
        entry.target,
        current.map(|c| json(&c)),
        Some(json(&entry)),
    )
    .await?;
    Ok(Ok(Outcome::Applied { seq, warning: warning.map(|w| w.label().to_string()) }))
}

async fn confirm_transfer(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<i64>,
    a: ConfirmTransfer,
) -> Result<Applied, AppError> {
    let Some(member) = load::member(conn, a.member_id).await? else { return Ok(Err(invalid(DomainError::NotFound("đảng viên")))) };
    if !actor.can_manage_commune(member.commune_id) {
        return Ok(Err(forbidden()));
    }
    let Some(campaign) = load::campaign(conn, a.campaign_id).await? else {
        return Ok(Err(invalid(DomainError::NotFound("đợt chuyển"))));
    };
    let Some(entry) = load::plan(conn, campaign.id, member.id).await? else { return Ok(Err(invalid(DomainError::NotPlanned))) };
    if base.is_some_and(|b| b != entry.version) {
        return Ok(Err(conflict(json(&entry))));
    }
    let Some(target) = (match entry.target {
        Some(t) => load::branch(conn, t).await?,
        None => return Ok(Err(invalid(DomainError::NotPlanned))),
    }) else {
        return Ok(Err(invalid(DomainError::NotFound("chi bộ"))));
    };
    let current = load::current_official(conn, member.id).await?;
    let done = match plan::confirm(&campaign, &member, &entry, &target, current.as_ref(), a.effective_on, &a.letter_no) {
        Ok(done) => done,
        Err(e) => return Ok(Err(invalid(e))),
    };
    let commune = Some(member.commune_id);
    write::save_plan(conn, &done.entry).await?;
    write::record(conn, author, "plan", &plan_key(&done.entry), commune, Some(target.id), Some(json(&entry)), Some(json(&done.entry)))
        .await?;
    if let Some(ended) = &done.ended {
        write::save_membership(conn, ended).await?;
        write::record(
            conn,
            author,
            "membership",
            &ended.id.to_string(),
            commune,
            Some(ended.branch_id),
            current.map(|c| json(&c)),
            Some(json(ended)),
        )
        .await?;
    }
    write::save_membership(conn, &done.started).await?;
    write::record(conn, author, "membership", &done.started.id.to_string(), commune, Some(target.id), None, Some(json(&done.started)))
        .await?;
    write::insert_transfer(conn, &done.transfer).await?;
    let seq =
        write::record(conn, author, "transfer", &done.transfer.id.to_string(), commune, Some(target.id), None, Some(json(&done.transfer)))
            .await?;
    Ok(Ok(Outcome::Applied { seq, warning: None }))
}

async fn dissolve_branch(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<i64>,
    a: DissolveBranch,
) -> Result<Applied, AppError> {
    let Some(branch) = load::branch(conn, a.branch_id).await? else { return Ok(Err(invalid(DomainError::NotFound("chi bộ")))) };
    let allowed = match branch.commune_id {
        Some(c) => actor.can_manage_commune(c),
        None => actor.role == crate::domain::scope::Role::Admin,
    };
    if !allowed {
        return Ok(Err(forbidden()));
    }
    if base.is_some_and(|b| b != branch.version) {
        return Ok(Err(conflict(json(&branch))));
    }
    let members = load::official_count(conn, branch.id).await?;
    let mut dissolved = match branch.dissolve(members, a.on, &a.decision_no) {
        Ok(d) => d,
        Err(e) => return Ok(Err(invalid(e))),
    };
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
    Ok(Ok(Outcome::Applied { seq, warning: None }))
}

/// Creates (`base` is `None`) or updates (`base` is `Some(version)`) a member's record.
async fn save_member(
    conn: &mut SqliteConnection,
    actor: &Actor,
    author: &Author<'_>,
    base: Option<Option<i64>>,
    a: SaveMember,
) -> Result<Applied, AppError> {
    let existing = load::member(conn, a.member_id).await?;
    let commune = a.member.commune_id;
    if !actor.can_manage_commune(commune) || existing.as_ref().is_some_and(|m| !actor.can_manage_commune(m.commune_id)) {
        return Ok(Err(forbidden()));
    }
    let version = match (&existing, base) {
        (Some(_), None) => return Ok(Err(invalid(DomainError::InvalidValue(a.member_id.to_string())))),
        (None, Some(_)) => return Ok(Err(invalid(DomainError::NotFound("đảng viên")))),
        (Some(m), Some(b)) if b != Some(m.version) => return Ok(Err(conflict(json(m)))),
        (Some(m), Some(_)) if m.commune_id != commune => return Ok(Err(invalid(DomainError::CommuneCannotChange))),
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
    let member = match a.member.validate(a.member_id, version, today, in_commune.is_some()) {
        Ok(m) => m,
        Err(e) => return Ok(Err(invalid(e))),
    };
    let mut branch_of_record = None;
    if existing.is_none() {
        let Some(branch_id) = a.branch_id else { return Ok(Err(invalid(DomainError::Required("chi bộ sinh hoạt")))) };
        let Some(branch) = load::branch(conn, branch_id).await? else { return Ok(Err(invalid(DomainError::NotFound("chi bộ")))) };
        if let Err(e) = plan::check_target(&member, &branch) {
            return Ok(Err(invalid(e)));
        }
        branch_of_record = Some(branch.id);
    }
    write::save_member(conn, &member).await?;
    if let Some(branch_id) = branch_of_record {
        let (_, started) = match crate::domain::membership::move_official(None, member.id, branch_id, today) {
            Ok(m) => m,
            Err(e) => return Ok(Err(invalid(e))),
        };
        write::save_membership(conn, &started).await?;
        write::record(conn, author, "membership", &started.id.to_string(), Some(commune), Some(branch_id), None, Some(json(&started)))
            .await?;
    }
    let branch = match branch_of_record {
        Some(b) => Some(b),
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
    Ok(Ok(Outcome::Applied { seq, warning: None }))
}
