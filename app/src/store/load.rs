//! Reading rows into domain types.

use sqlx::{FromRow, SqliteConnection};
use std::collections::{HashMap, HashSet};

use crate::domain::branch::{Branch, BranchKind, Dissolution};
use crate::domain::campaign::Campaign;
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, CampaignId, MemberId, MembershipId, TransferId, UnitId};
use crate::domain::meeting::Participation;
use crate::domain::member::{Field, Gender, JobCategory, Member, MemberStatus};
use crate::domain::membership::{Membership, MembershipKind};
use crate::domain::plan::{PlanEntry, Transfer};
use crate::domain::text::PersonName;
use crate::error::AppError;

/// A stored value that does not parse means a corrupt row: logged, shown as an internal error.
fn corrupt(what: &str, value: &str) -> AppError {
    tracing::error!(what, value, "corrupt value in the database");
    AppError::Internal
}

pub(crate) fn id<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    parse(text).ok_or_else(|| corrupt("id", text))
}

pub(crate) fn opt_id<T>(text: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
    text.map(|t| id(t, parse)).transpose()
}

pub(crate) fn date(text: &str) -> Result<Date, AppError> {
    Date::parse_iso(text).map_err(|_| corrupt("date", text))
}

pub(crate) fn code<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    parse(text).ok_or_else(|| corrupt("code", text))
}

#[derive(FromRow)]
struct BranchRow {
    id: String,
    name: String,
    kind: String,
    unit_id: String,
    commune_id: Option<String>,
    hamlet_id: Option<String>,
    dissolved_on: Option<String>,
    dissolution_decision: Option<String>,
    version: i64,
}

impl TryFrom<BranchRow> for Branch {
    type Error = AppError;
    fn try_from(r: BranchRow) -> Result<Self, AppError> {
        let dissolved = match (r.dissolved_on, r.dissolution_decision) {
            (Some(on), decision) => Some(Dissolution { on: date(&on)?, decision_no: decision.unwrap_or_default() }),
            (None, _) => None,
        };
        Ok(Branch {
            id: id(&r.id, BranchId::parse)?,
            name: r.name,
            kind: code(&r.kind, BranchKind::from_code)?,
            unit_id: id(&r.unit_id, UnitId::parse)?,
            commune_id: opt_id(r.commune_id.as_deref(), UnitId::parse)?,
            hamlet_id: opt_id(r.hamlet_id.as_deref(), UnitId::parse)?,
            dissolved,
            version: r.version,
        })
    }
}

#[derive(FromRow)]
struct MemberRow {
    id: String,
    full_name: String,
    gender: String,
    birth_date: String,
    party_card_no: String,
    record_no: String,
    joined_on: String,
    status: String,
    commune_id: String,
    residence_id: String,
    job_category: String,
    field: String,
    is_committee_member: bool,
    is_key_leader: bool,
    version: i64,
}

impl TryFrom<MemberRow> for Member {
    type Error = AppError;
    fn try_from(r: MemberRow) -> Result<Self, AppError> {
        Ok(Member {
            id: id(&r.id, MemberId::parse)?,
            full_name: PersonName::parse(&r.full_name).map_err(|_| corrupt("name", &r.full_name))?,
            gender: code(&r.gender, Gender::from_code)?,
            birth_date: date(&r.birth_date)?,
            party_card_no: r.party_card_no,
            record_no: r.record_no,
            joined_on: date(&r.joined_on)?,
            status: code(&r.status, MemberStatus::from_code)?,
            commune_id: id(&r.commune_id, UnitId::parse)?,
            residence_id: id(&r.residence_id, UnitId::parse)?,
            job_category: code(&r.job_category, JobCategory::from_code)?,
            field: code(&r.field, Field::from_code)?,
            is_committee_member: r.is_committee_member,
            is_key_leader: r.is_key_leader,
            version: r.version,
        })
    }
}

#[derive(FromRow)]
struct MembershipRow {
    id: String,
    member_id: String,
    branch_id: String,
    kind: String,
    from_date: String,
    to_date: Option<String>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = AppError;
    fn try_from(r: MembershipRow) -> Result<Self, AppError> {
        Ok(Membership {
            id: id(&r.id, MembershipId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            branch_id: id(&r.branch_id, BranchId::parse)?,
            kind: code(&r.kind, MembershipKind::from_code)?,
            from: date(&r.from_date)?,
            to: r.to_date.as_deref().map(date).transpose()?,
        })
    }
}

#[derive(FromRow)]
struct CampaignRow {
    id: String,
    code: String,
    title: String,
    basis_date: String,
    issuer: String,
    job_categories: String,
    deadline: Option<String>,
    dissolves_agency_branches: bool,
    is_open: bool,
    version: i64,
}

impl TryFrom<CampaignRow> for Campaign {
    type Error = AppError;
    fn try_from(r: CampaignRow) -> Result<Self, AppError> {
        Ok(Campaign {
            id: id(&r.id, CampaignId::parse)?,
            code: r.code,
            title: r.title,
            basis_date: date(&r.basis_date)?,
            issuer: r.issuer,
            job_categories: Campaign::parse_categories(&r.job_categories),
            deadline: r.deadline.as_deref().map(date).transpose()?,
            dissolves_agency_branches: r.dissolves_agency_branches,
            open: r.is_open,
            version: r.version,
        })
    }
}

#[derive(FromRow)]
struct PlanRow {
    campaign_id: String,
    member_id: String,
    target_branch_id: Option<String>,
    confirmed: bool,
    version: i64,
}

impl TryFrom<PlanRow> for PlanEntry {
    type Error = AppError;
    fn try_from(r: PlanRow) -> Result<Self, AppError> {
        Ok(PlanEntry {
            campaign_id: id(&r.campaign_id, CampaignId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            target: opt_id(r.target_branch_id.as_deref(), BranchId::parse)?,
            confirmed: r.confirmed,
            version: r.version,
        })
    }
}

#[derive(FromRow)]
struct TransferRow {
    id: String,
    campaign_id: String,
    member_id: String,
    from_branch_id: Option<String>,
    to_branch_id: String,
    effective_on: String,
    letter_no: String,
}

impl TryFrom<TransferRow> for Transfer {
    type Error = AppError;
    fn try_from(r: TransferRow) -> Result<Self, AppError> {
        Ok(Transfer {
            id: id(&r.id, TransferId::parse)?,
            campaign_id: id(&r.campaign_id, CampaignId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            from_branch: opt_id(r.from_branch_id.as_deref(), BranchId::parse)?,
            to_branch: id(&r.to_branch_id, BranchId::parse)?,
            effective_on: date(&r.effective_on)?,
            letter_no: r.letter_no,
        })
    }
}

fn convert<R, T: TryFrom<R, Error = AppError>>(rows: Vec<R>) -> Result<Vec<T>, AppError> {
    rows.into_iter().map(T::try_from).collect()
}

const BRANCH_COLS: &str = "id, name, kind, unit_id, commune_id, hamlet_id, dissolved_on, dissolution_decision, version";
const MEMBER_COLS: &str = "id, full_name, gender, birth_date, party_card_no, record_no, joined_on, status, commune_id, residence_id, \
     job_category, field, is_committee_member, is_key_leader, version";

/// One branch.
pub async fn branch(conn: &mut SqliteConnection, branch: BranchId) -> Result<Option<Branch>, AppError> {
    let row: Option<BranchRow> =
        sqlx::query_as(&format!("SELECT {BRANCH_COLS} FROM branches WHERE id = $1")).bind(branch.to_string()).fetch_optional(conn).await?;
    row.map(Branch::try_from).transpose()
}

/// The branches of a commune, or all branches with `None`.
pub async fn branches(conn: &mut SqliteConnection, commune: Option<UnitId>) -> Result<Vec<Branch>, AppError> {
    let rows: Vec<BranchRow> = match commune {
        Some(c) => {
            sqlx::query_as(&format!("SELECT {BRANCH_COLS} FROM branches WHERE commune_id = $1 ORDER BY name"))
                .bind(c.to_string())
                .fetch_all(conn)
                .await?
        }
        None => sqlx::query_as(&format!("SELECT {BRANCH_COLS} FROM branches ORDER BY name")).fetch_all(conn).await?,
    };
    convert(rows)
}

/// One member.
pub async fn member(conn: &mut SqliteConnection, member: MemberId) -> Result<Option<Member>, AppError> {
    let row: Option<MemberRow> =
        sqlx::query_as(&format!("SELECT {MEMBER_COLS} FROM members WHERE id = $1")).bind(member.to_string()).fetch_optional(conn).await?;
    row.map(Member::try_from).transpose()
}

/// The members of a commune, or all members with `None`.
pub async fn members(conn: &mut SqliteConnection, commune: Option<UnitId>) -> Result<Vec<Member>, AppError> {
    let rows: Vec<MemberRow> = match commune {
        Some(c) => {
            sqlx::query_as(&format!("SELECT {MEMBER_COLS} FROM members WHERE commune_id = $1")).bind(c.to_string()).fetch_all(conn).await?
        }
        None => sqlx::query_as(&format!("SELECT {MEMBER_COLS} FROM members")).fetch_all(conn).await?,
    };
    convert(rows)
}

/// One campaign.
pub async fn campaign(conn: &mut SqliteConnection, campaign: CampaignId) -> Result<Option<Campaign>, AppError> {
    let row: Option<CampaignRow> =
        sqlx::query_as("SELECT * FROM campaigns WHERE id = $1").bind(campaign.to_string()).fetch_optional(conn).await?;
    row.map(Campaign::try_from).transpose()
}

/// Every campaign, oldest first.
pub async fn campaigns(conn: &mut SqliteConnection) -> Result<Vec<Campaign>, AppError> {
    let rows: Vec<CampaignRow> = sqlx::query_as("SELECT * FROM campaigns ORDER BY basis_date").fetch_all(conn).await?;
    convert(rows)
}

/// A member's line in a campaign's plan.
pub async fn plan(conn: &mut SqliteConnection, campaign: CampaignId, member: MemberId) -> Result<Option<PlanEntry>, AppError> {
    let row: Option<PlanRow> = sqlx::query_as("SELECT * FROM plans WHERE campaign_id = $1 AND member_id = $2")
        .bind(campaign.to_string())
        .bind(member.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(PlanEntry::try_from).transpose()
}

/// The plan lines of a commune's members, or all with `None`.
pub async fn plans(conn: &mut SqliteConnection, commune: Option<UnitId>) -> Result<Vec<PlanEntry>, AppError> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT p.campaign_id, p.member_id, p.target_branch_id, p.confirmed, p.version FROM plans p \
         JOIN members m ON m.id = p.member_id WHERE CAST($1 AS TEXT) IS NULL OR m.commune_id = $1",
    )
    .bind(commune.map(|c| c.to_string()))
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// The transfers of a commune's members, or all with `None`.
pub async fn transfers(conn: &mut SqliteConnection, commune: Option<UnitId>) -> Result<Vec<Transfer>, AppError> {
    let rows: Vec<TransferRow> = sqlx::query_as(
        "SELECT t.id, t.campaign_id, t.member_id, t.from_branch_id, t.to_branch_id, t.effective_on, t.letter_no FROM transfers t \
         JOIN members m ON m.id = t.member_id WHERE CAST($1 AS TEXT) IS NULL OR m.commune_id = $1 ORDER BY t.effective_on",
    )
    .bind(commune.map(|c| c.to_string()))
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// A member's memberships, oldest first.
pub async fn memberships_of(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<Membership>, AppError> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT id, member_id, branch_id, kind, from_date, to_date FROM memberships WHERE member_id = $1 ORDER BY from_date",
    )
    .bind(member.to_string())
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// The current memberships of a commune's members, or of all members with `None`.
pub async fn current_memberships(conn: &mut SqliteConnection, commune: Option<UnitId>) -> Result<Vec<Membership>, AppError> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT s.id, s.member_id, s.branch_id, s.kind, s.from_date, s.to_date FROM memberships s \
         JOIN members m ON m.id = s.member_id WHERE s.to_date IS NULL AND (CAST($1 AS TEXT) IS NULL OR m.commune_id = $1)",
    )
    .bind(commune.map(|c| c.to_string()))
    .fetch_all(conn)
    .await?;
    convert(rows)
}

/// The current official membership of a member.
pub async fn current_official(conn: &mut SqliteConnection, member: MemberId) -> Result<Option<Membership>, AppError> {
    let row: Option<MembershipRow> = sqlx::query_as(
        "SELECT id, member_id, branch_id, kind, from_date, to_date FROM memberships \
         WHERE member_id = $1 AND kind = 'official' AND to_date IS NULL",
    )
    .bind(member.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(Membership::try_from).transpose()
}

/// How many members belong to a branch officially now.
pub async fn official_count(conn: &mut SqliteConnection, branch: BranchId) -> Result<usize, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE branch_id = $1 AND kind = 'official' AND to_date IS NULL")
        .bind(branch.to_string())
        .fetch_one(conn)
        .await?;
    Ok(n as usize)
}

/// Names and type codes of every unit.
pub async fn unit_names(conn: &mut SqliteConnection) -> Result<HashMap<UnitId, (String, String)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as("SELECT id, name, type_code FROM org_units").fetch_all(conn).await?;
    rows.into_iter().map(|(i, n, t)| Ok((id(&i, UnitId::parse)?, (n, t)))).collect()
}

/// The communes (level-1 units), in name order.
pub async fn communes(conn: &mut SqliteConnection) -> Result<Vec<(UnitId, String)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM org_units u JOIN unit_types t ON t.code = u.type_code WHERE t.level = 1 AND u.valid_to IS NULL ORDER BY u.name",
    )
    .fetch_all(conn)
    .await?;
    let mut communes = rows.into_iter().map(|(i, n)| Ok((id(&i, UnitId::parse)?, n))).collect::<Result<Vec<_>, AppError>>()?;
    communes.sort_by_cached_key(|(_, name)| crate::domain::text::text_sort_key(name));
    Ok(communes)
}

/// The current hamlets of a commune, in name order.
pub async fn hamlets(conn: &mut SqliteConnection, commune: UnitId) -> Result<Vec<(UnitId, String)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM org_units u JOIN org_unit_links l ON l.child_id = u.id \
         WHERE l.parent_id = $1 AND l.valid_to IS NULL AND u.valid_to IS NULL ORDER BY u.name",
    )
    .bind(commune.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(i, n)| Ok((id(&i, UnitId::parse)?, n))).collect()
}

type TaskRow = (String, String, String, i32, String, String, Option<String>, String, String, i64);

/// The tasks a branch gave a member, newest first.
pub async fn tasks_of(
    conn: &mut SqliteConnection,
    member: MemberId,
    branch: BranchId,
) -> Result<Vec<crate::domain::task::TaskAssignment>, AppError> {
    let ids: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM tasks WHERE member_id = $1 AND branch_id = $2 ORDER BY year DESC, due_on DESC, id DESC")
            .bind(member.to_string())
            .bind(branch.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let mut out = Vec::with_capacity(ids.len());
    for (i,) in ids {
        if let Some(t) = task(conn, id(&i, crate::domain::ids::TaskId::parse)?).await? {
            out.push(t);
        }
    }
    Ok(out)
}

/// A task by id.
pub async fn task(
    conn: &mut SqliteConnection,
    task: crate::domain::ids::TaskId,
) -> Result<Option<crate::domain::task::TaskAssignment>, AppError> {
    use crate::domain::task::{TaskAssignment, TaskStatus};
    let row: Option<TaskRow> =
        sqlx::query_as("SELECT id, member_id, branch_id, year, field, text, due_on, status, result, version FROM tasks WHERE id = $1")
            .bind(task.to_string())
            .fetch_optional(conn)
            .await?;
    row.map(|(i, m, b, year, field, text, due, status, result, version)| {
        Ok(TaskAssignment {
            id: id(&i, crate::domain::ids::TaskId::parse)?,
            member_id: id(&m, MemberId::parse)?,
            branch_id: id(&b, BranchId::parse)?,
            year,
            field: Field::from_code(&field).ok_or(AppError::Internal)?,
            text,
            due: due.map(|d| Date::parse_iso(&d)).transpose().map_err(|_| AppError::Internal)?,
            status: TaskStatus::from_code(&status).ok_or(AppError::Internal)?,
            result,
            version,
        })
    })
    .transpose()
}

type EvaluationRow = (String, String, String, i32, Option<String>, Option<String>, Option<String>, Option<i64>, bool, String, i64);

/// The evaluation of a subject for a year.
pub async fn evaluation(
    conn: &mut SqliteConnection,
    kind: crate::domain::evaluation::SubjectKind,
    subject: &str,
    year: i32,
) -> Result<Option<crate::domain::evaluation::Evaluation>, AppError> {
    use crate::domain::evaluation::{Evaluation, Rating, SubjectKind};
    let row: Option<EvaluationRow> = sqlx::query_as(
        "SELECT id, subject_kind, subject_id, year, self_rating, proposed_rating, final_rating, points, commendation_candidate, note, version \
         FROM evaluations WHERE subject_kind = $1 AND subject_id = $2 AND year = $3",
    )
    .bind(kind.code())
    .bind(subject)
    .bind(year)
    .fetch_optional(conn)
    .await?;
    let rating = |r: Option<String>| r.map(|r| Rating::from_code(&r).ok_or(AppError::Internal)).transpose();
    row.map(|(i, k, subject_id, year, s, p, f, points, commendation_candidate, note, version)| {
        Ok(Evaluation {
            id: id(&i, crate::domain::ids::EvaluationId::parse)?,
            subject_kind: SubjectKind::from_code(&k).ok_or(AppError::Internal)?,
            subject_id,
            year,
            self_rating: rating(s)?,
            proposed: rating(p)?,
            final_rating: rating(f)?,
            points: points.map(|p| u8::try_from(p).map_err(|_| AppError::Internal)).transpose()?,
            commendation_candidate,
            note,
            version,
        })
    })
    .transpose()
}

/// The final ratings of a commune's members for a year (the excellent quota's basis).
pub async fn commune_final_ratings(
    conn: &mut SqliteConnection,
    commune: UnitId,
    year: i32,
) -> Result<Vec<crate::domain::evaluation::Rating>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT e.final_rating FROM evaluations e JOIN members m ON m.id = e.subject_id \
         WHERE e.subject_kind = 'member' AND e.year = $2 AND m.commune_id = $1 AND e.final_rating IS NOT NULL",
    )
    .bind(commune.to_string())
    .bind(year)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().filter_map(|(r,)| crate::domain::evaluation::Rating::from_code(&r)).collect())
}

/// The excellent quota in percent (setting `excellent_quota_percent`, 20 by default).
pub async fn excellent_quota_percent(conn: &mut SqliteConnection) -> Result<u8, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'excellent_quota_percent'").fetch_optional(conn).await?;
    Ok(row.and_then(|(v,)| v.trim().parse().ok()).unwrap_or(20))
}

/// Task counts and meeting participation of the members of one commune.
pub async fn activity(
    conn: &mut SqliteConnection,
    commune: UnitId,
) -> Result<(HashMap<MemberId, usize>, HashMap<MemberId, Participation>), AppError> {
    let tasks: Vec<(String, i64)> = sqlx::query_as(
        "SELECT t.member_id, COUNT(*) FROM tasks t JOIN members m ON m.id = t.member_id WHERE m.commune_id = $1 GROUP BY t.member_id",
    )
    .bind(commune.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let attendance: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT a.member_id, COUNT(*), SUM(CASE WHEN a.presence = 'present' THEN 1 ELSE 0 END), SUM(CASE WHEN a.contributed THEN 1 ELSE 0 END) \
         FROM attendance a JOIN members m ON m.id = a.member_id WHERE m.commune_id = $1 GROUP BY a.member_id",
    )
    .bind(commune.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let tasks = tasks.into_iter().map(|(m, n)| Ok((id(&m, MemberId::parse)?, n as usize))).collect::<Result<_, AppError>>()?;
    let attendance = attendance
        .into_iter()
        .map(|(m, n, p, c)| Ok((id(&m, MemberId::parse)?, Participation { meetings: n as u32, present: p as u32, contributed: c as u32 })))
        .collect::<Result<_, AppError>>()?;
    Ok((tasks, attendance))
}

/// Final ratings of a commune's members: member, year, rating, proposed for commendation.
pub async fn commune_ratings(
    conn: &mut SqliteConnection,
    commune: UnitId,
) -> Result<Vec<(MemberId, i32, crate::domain::evaluation::Rating, bool)>, AppError> {
    let rows: Vec<(String, i32, String, bool)> = sqlx::query_as(
        "SELECT e.subject_id, e.year, e.final_rating, e.commendation_candidate FROM evaluations e JOIN members m ON m.id = e.subject_id \
         WHERE e.subject_kind = 'member' AND m.commune_id = $1 AND e.final_rating IS NOT NULL",
    )
    .bind(commune.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .filter_map(|(m, y, r, c)| crate::domain::evaluation::Rating::from_code(&r).map(|r| (m, y, r, c)))
        .map(|(m, y, r, c)| Ok((id(&m, MemberId::parse)?, y, r, c)))
        .collect()
}

/// The meetings a branch held (for the one-regular-meeting-a-month rule and the list).
pub async fn meetings_of(conn: &mut SqliteConnection, branch: BranchId) -> Result<Vec<crate::domain::meeting::HeldMeeting>, AppError> {
    use crate::domain::meeting::{HeldMeeting, MeetingKind};
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, held_on, kind FROM meetings WHERE branch_id = $1 ORDER BY held_on DESC")
            .bind(branch.to_string())
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(i, d, k)| {
            Ok(HeldMeeting {
                id: id(&i, crate::domain::ids::MeetingId::parse)?,
                date: Date::parse_iso(&d).map_err(|_| AppError::Internal)?,
                kind: MeetingKind::from_code(&k).ok_or(AppError::Internal)?,
            })
        })
        .collect()
}

/// A meeting with its attendance sheet.
pub async fn meeting(
    conn: &mut SqliteConnection,
    meeting: crate::domain::ids::MeetingId,
) -> Result<Option<crate::domain::meeting::MeetingRecord>, AppError> {
    use crate::domain::meeting::{Attendance, Meeting, MeetingKind, MeetingRecord, Presence};
    let row: Option<(String, String, String, Option<String>, i64)> =
        sqlx::query_as("SELECT branch_id, held_on, kind, observer, version FROM meetings WHERE id = $1")
            .bind(meeting.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((branch, date, kind, observer, version)) = row else { return Ok(None) };
    let rows: Vec<(String, String, bool, bool)> =
        sqlx::query_as("SELECT member_id, presence, spoke, contributed FROM attendance WHERE meeting_id = $1 ORDER BY member_id")
            .bind(meeting.to_string())
            .fetch_all(conn)
            .await?;
    let attendance = rows
        .into_iter()
        .map(|(m, p, spoke, contributed)| {
            Ok(Attendance {
                meeting_id: meeting,
                member_id: id(&m, MemberId::parse)?,
                presence: Presence::from_code(&p).ok_or(AppError::Internal)?,
                spoke,
                contributed,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Some(MeetingRecord {
        meeting: Meeting {
            id: meeting,
            branch_id: id(&branch, BranchId::parse)?,
            date: Date::parse_iso(&date).map_err(|_| AppError::Internal)?,
            kind: MeetingKind::from_code(&kind).ok_or(AppError::Internal)?,
            observer,
            version,
        },
        attendance,
    }))
}

/// The official members of a branch on a date.
pub async fn official_members_on(conn: &mut SqliteConnection, branch: BranchId, on: Date) -> Result<HashSet<MemberId>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT member_id FROM memberships WHERE branch_id = $1 AND kind = 'official' AND from_date <= $2 AND (to_date IS NULL OR to_date > $2)",
    )
    .bind(branch.to_string())
    .bind(on.to_iso())
    .fetch_all(conn)
    .await?;
    rows.iter().map(|(m,)| id(m, MemberId::parse)).collect()
}

/// A note by id.
pub async fn note(conn: &mut SqliteConnection, note: crate::domain::ids::NoteId) -> Result<Option<crate::domain::note::Note>, AppError> {
    use crate::domain::note::{Note, NoteKind};
    let row: Option<(String, i32, String, String, i64)> =
        sqlx::query_as("SELECT member_id, year, kind, text, version FROM notes WHERE id = $1")
            .bind(note.to_string())
            .fetch_optional(conn)
            .await?;
    row.map(|(m, year, kind, text, version)| {
        Ok(Note {
            id: note,
            member_id: id(&m, MemberId::parse)?,
            year,
            kind: NoteKind::from_code(&kind).ok_or(AppError::Internal)?,
            text,
            version,
        })
    })
    .transpose()
}
