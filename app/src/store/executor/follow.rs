//! `task.save`, `evaluation.save`, `meeting.save` and `note.save`: following the members after
//! their transfer (commune staff of the member's commune, or the secretary of their branch).

use super::{Cx, Step, applied, found, next_version};
use crate::domain::DomainError;
use crate::domain::evaluation::{SubjectKind, excellent_quota, quota_warning};
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::meeting::MeetingContext;
use crate::domain::member::Member;
use crate::domain::task;
use crate::store::changes::Record;
use crate::store::{Conn, branches, evaluations, meetings, members, memberships, notes, settings, tasks, today};
use crate::sync::Outcome;
use crate::sync::ops::{SaveEvaluation, SaveMeeting, SaveNote, SaveTask};

/// A member whose tasks, ratings and notes the actor may record, with the member's official branch.
async fn followed_member(conn: &mut Conn, cx: &Cx<'_>, id: MemberId) -> Step<(Member, Option<BranchId>)> {
    let member = found(members::get(conn, id).await?, "đảng viên")?;
    let official = memberships::current_official(conn, member.id).await?.map(|m| m.branch_id);
    if !cx.actor.can_follow_member(member.commune_id, official) {
        return Err(super::forbidden());
    }
    Ok((member, official))
}

pub(super) async fn save_task(conn: &mut Conn, cx: &Cx<'_>, a: SaveTask) -> Step<Outcome> {
    let (member, official) = followed_member(conn, cx, a.task.member_id).await?;
    let current = tasks::get(conn, a.task_id).await?;
    if current.as_ref().is_some_and(|t| t.member_id != member.id) {
        return Err(DomainError::InvalidValue(a.task_id.to_string()).into());
    }
    let version = next_version(current.as_ref().map(|t| (t, t.version)), cx.base)?;
    task::check_branch(a.task.branch_id, official)?;
    let saved = a.task.validate(a.task_id, version)?;
    tasks::save(conn, &saved).await?;
    let record = Record::new("task", saved.id, Some(member.commune_id), Some(saved.branch_id)).before(current.as_ref()).after(&saved);
    applied(cx.record(conn, record).await?, None)
}

/// The commune and branch an evaluation belongs to, once the actor may record it.
async fn evaluation_scope(conn: &mut Conn, cx: &Cx<'_>, kind: SubjectKind, subject: &str) -> Step<(UnitId, Option<BranchId>)> {
    match kind {
        SubjectKind::Member => {
            let id = MemberId::parse(subject).ok_or(DomainError::NotFound("đảng viên"))?;
            let (member, official) = followed_member(conn, cx, id).await?;
            Ok((member.commune_id, official))
        }
        SubjectKind::Branch => {
            let id = BranchId::parse(subject).ok_or(DomainError::NotFound("chi bộ"))?;
            let branch = found(branches::get(conn, id).await?, "chi bộ")?;
            match branch.commune_id {
                Some(c) if cx.actor.can_rate_branch(c) => Ok((c, Some(branch.id))),
                _ => Err(super::forbidden()),
            }
        }
    }
}

pub(super) async fn save_evaluation(conn: &mut Conn, cx: &Cx<'_>, a: SaveEvaluation) -> Step<Outcome> {
    let draft = a.evaluation;
    let (commune, branch) = evaluation_scope(conn, cx, draft.subject_kind, &draft.subject_id).await?;
    let current = evaluations::get(conn, draft.subject_kind, &draft.subject_id, draft.year).await?;
    let version = next_version(current.as_ref().map(|e| (e, e.version)), cx.base)?;
    // One evaluation per subject and year: an update keeps the row's id.
    let id = current.as_ref().map_or(a.evaluation_id, |c| c.id);
    let year = draft.year;
    let saved = draft.validate(id, version)?;
    evaluations::save(conn, &saved).await?;
    let record = Record::new("evaluation", saved.id, Some(commune), branch).before(current.as_ref()).after(&saved);
    let seq = cx.record(conn, record).await?;
    let warning = match saved.subject_kind {
        SubjectKind::Member => {
            let percent = settings::excellent_quota_percent(conn).await?;
            quota_warning(excellent_quota(evaluations::final_ratings(conn, commune, year).await?, percent), percent)
        }
        SubjectKind::Branch => None,
    };
    applied(seq, warning)
}

pub(super) async fn save_meeting(conn: &mut Conn, cx: &Cx<'_>, a: SaveMeeting) -> Step<Outcome> {
    let branch = found(branches::get(conn, a.meeting.branch_id).await?, "chi bộ")?;
    let Some(commune) = branch.commune_id.filter(|c| cx.actor.can_record_meetings(*c, branch.id)) else {
        return Err(super::forbidden());
    };
    let current = meetings::get(conn, a.meeting_id).await?;
    if current.as_ref().is_some_and(|c| c.meeting.branch_id != branch.id) {
        return Err(DomainError::InvalidValue(a.meeting_id.to_string()).into());
    }
    let version = next_version(current.as_ref().map(|c| (c, c.meeting.version)), cx.base)?;
    let members = memberships::official_members_on(conn, branch.id, a.meeting.date).await?;
    let held = meetings::held_by(conn, branch.id).await?;
    let context = MeetingContext { members: &members, held: &held, today: today(), dissolved_on: branch.dissolved.as_ref().map(|d| d.on) };
    let saved = a.meeting.validate(a.meeting_id, version, &context)?;
    meetings::save(conn, &saved).await?;
    let record = Record::new("meeting", a.meeting_id, Some(commune), Some(branch.id)).before(current.as_ref()).after(&saved);
    applied(cx.record(conn, record).await?, None)
}

pub(super) async fn save_note(conn: &mut Conn, cx: &Cx<'_>, a: SaveNote) -> Step<Outcome> {
    let (member, official) = followed_member(conn, cx, a.note.member_id).await?;
    let current = notes::get(conn, a.note_id).await?;
    if current.as_ref().is_some_and(|n| n.member_id != member.id) {
        return Err(DomainError::InvalidValue(a.note_id.to_string()).into());
    }
    let version = next_version(current.as_ref().map(|n| (n, n.version)), cx.base)?;
    let saved = a.note.validate(a.note_id, version)?;
    notes::save(conn, &saved).await?;
    let record = Record::new("note", saved.id, Some(member.commune_id), official).before(current.as_ref()).after(&saved);
    applied(cx.record(conn, record).await?, None)
}
