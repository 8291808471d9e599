//! Read models of the pages, in the caller's scope.

use std::collections::{HashMap, HashSet};

use crate::api::views::*;
use crate::domain::branch::BranchKind;
use crate::domain::campaign::Campaign;
use crate::domain::flags::{FlagRules, MemberFacts, flags_for};
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::member::Member;
use crate::domain::membership::MembershipKind;
use crate::domain::report::{rated_years, totals};
use crate::domain::scope::Actor;
use crate::domain::text::sort_by_name;
use crate::error::AppError;

use super::Db;
use super::load;

fn campaign_line(c: &Campaign) -> CampaignLine {
    CampaignLine {
        id: c.id.to_string(),
        code: c.code.clone(),
        title: c.title.clone(),
        basis_date: c.basis_date.to_vn(),
        issuer: c.issuer.clone(),
        open: c.open,
    }
}

/// The records the report figures are computed from, for one commune or (`None`) all of them.
struct Records {
    branches: Vec<crate::domain::branch::Branch>,
    members: Vec<Member>,
    transfers: Vec<crate::domain::plan::Transfer>,
    campaigns: Vec<Campaign>,
}

impl Records {
    async fn load(conn: &mut sqlx::SqliteConnection, commune: Option<UnitId>) -> Result<Self, AppError> {
        Ok(Self {
            branches: load::branches(conn, commune).await?,
            members: load::members(conn, commune).await?,
            transfers: load::transfers(conn, commune).await?,
            campaigns: load::campaigns(conn).await?,
        })
    }
}

/// The district overview: every commune's figures (kept current by the executor) and the total.
pub async fn overview(db: &Db) -> Result<OverviewView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let rows = super::stats::all(&mut conn).await?;
    let campaigns = load::campaigns(&mut conn).await?;
    Ok(OverviewView { total: totals(&rows), years: rated_years(&rows), rows, campaigns: campaigns.iter().map(campaign_line).collect() })
}

/// A commune: its branches with their members, and who is still pending in open campaigns.
pub async fn commune(db: &Db, actor: &Actor, commune_id: UnitId) -> Result<CommuneView, AppError> {
    if !actor.can_read_commune(commune_id) {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let units = load::unit_names(&mut conn).await?;
    let name = units.get(&commune_id).map(|(n, _)| n.clone()).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    let records = Records::load(&mut conn, Some(commune_id)).await?;
    let Records { branches, members, transfers, campaigns, .. } = &records;
    let memberships = load::current_memberships(&mut conn, Some(commune_id)).await?;
    let (task_counts, participation) = load::activity(&mut conn, commune_id).await?;
    let official: HashMap<MemberId, BranchId> =
        memberships.iter().filter(|m| m.kind == MembershipKind::Official).map(|m| (m.member_id, m.branch_id)).collect();
    let moved: HashSet<MemberId> = transfers.iter().map(|t| t.member_id).collect();
    let branch_by_id: HashMap<BranchId, _> = branches.iter().map(|b| (b.id, b)).collect();
    let rules = FlagRules::default();
    let line = |m: &Member| {
        let facts = MemberFacts {
            moved: moved.contains(&m.id),
            is_leader: m.is_leader(),
            tasks: task_counts.get(&m.id).copied().unwrap_or(0),
            participation: participation.get(&m.id).copied().unwrap_or_default(),
        };
        let hamlet = official.get(&m.id).and_then(|b| branch_by_id.get(b)).and_then(|b| b.hamlet_id);
        MemberLine {
            id: m.id.to_string(),
            name: m.full_name.as_str().to_string(),
            job: m.job_category.label().to_string(),
            residence: units.get(&m.residence_id).map(|(n, _)| n.clone()).unwrap_or_default(),
            key_leader: m.is_key_leader,
            committee: m.is_committee_member,
            mismatch: hamlet.is_some_and(|h| h != m.residence_id),
            flags: flags_for(&facts, &rules).iter().map(|f| f.label().to_string()).collect(),
        }
    };
    let mut branch_views = Vec::new();
    for b in branches.iter().filter(|b| actor.can_read_branch(b.commune_id, b.id)) {
        let mut lines: Vec<MemberLine> = members.iter().filter(|m| official.get(&m.id) == Some(&b.id)).map(line).collect();
        sort_by_name(&mut lines, |l| &l.name);
        branch_views.push(BranchView {
            id: b.id.to_string(),
            name: b.name.clone(),
            kind: b.kind.label().to_string(),
            residential: b.kind == BranchKind::Residential,
            dissolved: b.dissolved.as_ref().map(|d| format!("Đã giải thể ngày {} (QĐ số {})", d.on.to_vn(), d.decision_no)),
            version: b.version,
            members: lines,
        });
    }
    let mut pending = Vec::new();
    if actor.can_manage_commune(commune_id) || actor.sees_all() {
        for c in campaigns.iter().filter(|c| c.open) {
            let mut lines: Vec<MemberLine> = members.iter().filter(|m| c.covers(m) && !moved.contains(&m.id)).map(line).collect();
            sort_by_name(&mut lines, |l| &l.name);
            pending.push(PendingGroup { campaign: campaign_line(c), members: lines });
        }
    }
    let figures = match super::stats::one(&mut conn, commune_id).await? {
        Some(f) => f,
        None => super::stats::compute(&mut conn, commune_id, &name, campaigns).await?,
    };
    let can_manage = actor.can_manage_commune(commune_id);
    let campaigns = if can_manage || actor.sees_all() { campaigns.iter().map(campaign_line).collect() } else { Vec::new() };
    Ok(CommuneView { id: commune_id.to_string(), name, figures, branches: branch_views, pending, campaigns, can_manage })
}

/// Year, self, proposed and final rating codes.
type RatingRow = (i32, Option<String>, Option<String>, Option<String>);

fn row(cells: impl IntoIterator<Item = String>) -> HistoryRow {
    HistoryRow { cells: cells.into_iter().collect() }
}

/// A member's record and history.
pub async fn member(db: &Db, actor: &Actor, member_id: MemberId) -> Result<MemberView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let m = load::member(&mut conn, member_id).await?.ok_or_else(|| AppError::NotFound("đảng viên".into()))?;
    let memberships = load::memberships_of(&mut conn, member_id).await?;
    let current = memberships.iter().find(|s| s.kind == MembershipKind::Official && s.to.is_none());
    if !actor.can_read_member(m.commune_id, current.map(|s| s.branch_id)) {
        return Err(AppError::Forbidden);
    }
    let units = load::unit_names(&mut conn).await?;
    let all_branches = load::branches(&mut conn, None).await?;
    let branch_name = |b: BranchId| all_branches.iter().find(|x| x.id == b).map(|x| x.name.clone()).unwrap_or_default();
    let unit_name = |u: UnitId| units.get(&u).map(|(n, _)| n.clone()).unwrap_or_default();
    let campaigns = load::campaigns(&mut conn).await?;
    let transfers: Vec<_> =
        load::transfers(&mut conn, Some(m.commune_id)).await?.into_iter().filter(|t| t.member_id == member_id).collect();
    let tasks: Vec<(i32, String, String, Option<String>)> =
        sqlx::query_as("SELECT year, text, status, due_on FROM tasks WHERE member_id = $1 ORDER BY year, due_on")
            .bind(member_id.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let evaluations: Vec<RatingRow> = sqlx::query_as(
        "SELECT year, self_rating, proposed_rating, final_rating FROM evaluations WHERE subject_kind = 'member' AND subject_id = $1 ORDER BY year",
    )
    .bind(member_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let notes: Vec<(i32, String, String)> = sqlx::query_as("SELECT year, kind, text FROM notes WHERE member_id = $1 ORDER BY year, rowid")
        .bind(member_id.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let (task_counts, participation) = load::activity(&mut conn, m.commune_id).await?;
    let facts = MemberFacts {
        moved: !transfers.is_empty(),
        is_leader: m.is_leader(),
        tasks: task_counts.get(&member_id).copied().unwrap_or(0),
        participation: participation.get(&member_id).copied().unwrap_or_default(),
    };
    let rating = |r: &Option<String>| {
        r.as_deref().and_then(crate::domain::evaluation::Rating::from_code).map_or_else(|| "—".to_string(), |r| r.label().to_string())
    };
    let fact = |label: &str, value: String| Fact { label: label.into(), value };
    let p = facts.participation;
    let official = current.map(|s| s.branch_id);
    let follow = match official {
        Some(branch) if actor.can_follow_member(m.commune_id, official) => {
            let year = crate::domain::date::Date::from_unix_millis_vn(super::now_millis()).year();
            Some(FollowView {
                branch_id: branch.to_string(),
                field: m.field.code().to_string(),
                templates: crate::domain::task::templates(m.field).iter().map(|t| t.to_string()).collect(),
                year,
                evaluation: load::evaluation(&mut conn, crate::domain::evaluation::SubjectKind::Member, &m.id.to_string(), year).await?,
                tasks: load::tasks_of(&mut conn, m.id, branch).await?,
            })
        }
        _ => None,
    };
    Ok(MemberView {
        follow,
        id: m.id.to_string(),
        name: m.full_name.as_str().to_string(),
        commune_id: m.commune_id.to_string(),
        commune: unit_name(m.commune_id),
        current_branch: current.map(|s| branch_name(s.branch_id)).unwrap_or_else(|| "Chưa có".into()),
        badges: [(m.is_key_leader, "Lãnh đạo chủ chốt"), (m.is_committee_member, "Đảng ủy viên")]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, l)| l.to_string())
            .collect(),
        flags: flags_for(&facts, &FlagRules::default()).iter().map(|f| f.label().to_string()).collect(),
        facts: vec![
            fact("Giới tính", m.gender.label().into()),
            fact("Ngày sinh", m.birth_date.to_vn()),
            fact("Số thẻ đảng viên", m.party_card_no.clone()),
            fact("Số lý lịch", m.record_no.clone()),
            fact("Ngày vào Đảng", m.joined_on.to_vn()),
            fact("Đảng viên", m.status.label().into()),
            fact("Nơi cư trú", unit_name(m.residence_id)),
            fact("Công việc", m.job_category.label().into()),
            fact("Lĩnh vực", m.field.label().into()),
            fact("Dự sinh hoạt", format!("{}/{} buổi, đóng góp {} lần", p.present, p.meetings, p.contributed)),
        ],
        memberships: memberships
            .iter()
            .map(|s| {
                row([branch_name(s.branch_id), s.kind.label().into(), s.from.to_vn(), s.to.map_or_else(|| "nay".into(), |d| d.to_vn())])
            })
            .collect(),
        transfers: transfers
            .iter()
            .map(|t| {
                let code = campaigns.iter().find(|c| c.id == t.campaign_id).map(|c| c.code.clone()).unwrap_or_default();
                row([
                    code,
                    t.from_branch.map(&branch_name).unwrap_or_default(),
                    branch_name(t.to_branch),
                    t.effective_on.to_vn(),
                    t.letter_no.clone(),
                ])
            })
            .collect(),
        tasks: tasks
            .into_iter()
            .map(|(year, text, status, due)| {
                let status = crate::domain::task::TaskStatus::from_code(&status).map_or(status.clone(), |s| s.label().to_string());
                let due = due.and_then(|d| crate::domain::date::Date::parse_iso(&d).ok()).map_or_else(|| "—".into(), |d| d.to_vn());
                row([year.to_string(), text, due, status])
            })
            .collect(),
        evaluations: evaluations.iter().map(|(year, s, p, f)| row([year.to_string(), rating(s), rating(p), rating(f)])).collect(),
        notes: notes
            .into_iter()
            .map(|(year, kind, text)| {
                let kind = crate::domain::note::NoteKind::from_code(&kind).map_or(kind.clone(), |k| k.label().to_string());
                row([year.to_string(), kind, text])
            })
            .collect(),
    })
}

/// A branch's page: its members today with their flags and this year's evaluation, this month's
/// meeting, the recent ones.
pub async fn branch(db: &Db, actor: &Actor, branch_id: BranchId) -> Result<BranchPageView, AppError> {
    use crate::domain::evaluation::SubjectKind;
    use crate::domain::meeting::{default_kind, this_months};
    let mut conn = db.pool.acquire().await?;
    let b = load::branch(&mut conn, branch_id).await?.ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
    if !actor.can_read_branch(b.commune_id, b.id) {
        return Err(AppError::Forbidden);
    }
    let commune_id = b.commune_id.ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
    let today = crate::domain::date::Date::from_unix_millis_vn(super::now_millis());
    let year = today.year();
    let units = load::unit_names(&mut conn).await?;
    let official = load::official_members_on(&mut conn, b.id, today).await?;
    let mut members: Vec<Member> =
        load::members(&mut conn, Some(commune_id)).await?.into_iter().filter(|m| official.contains(&m.id)).collect();
    sort_by_name(&mut members, |m| m.full_name.as_str());
    let moved: HashSet<MemberId> = load::transfers(&mut conn, Some(commune_id)).await?.iter().map(|t| t.member_id).collect();
    let (task_counts, participation) = load::activity(&mut conn, commune_id).await?;
    let rules = FlagRules::default();
    let mut lines = Vec::with_capacity(members.len());
    for m in &members {
        let facts = MemberFacts {
            moved: moved.contains(&m.id),
            is_leader: m.is_leader(),
            tasks: task_counts.get(&m.id).copied().unwrap_or(0),
            participation: participation.get(&m.id).copied().unwrap_or_default(),
        };
        lines.push(BranchMember {
            id: m.id.to_string(),
            name: m.full_name.as_str().to_string(),
            badges: [(m.is_key_leader, "Lãnh đạo chủ chốt"), (m.is_committee_member, "Đảng ủy viên")]
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, l)| l.to_string())
                .collect(),
            flags: flags_for(&facts, &rules).iter().map(|f| f.label().to_string()).collect(),
            evaluation: load::evaluation(&mut conn, SubjectKind::Member, &m.id.to_string(), year).await?,
        });
    }
    let held = load::meetings_of(&mut conn, b.id).await?;
    let this_month = match this_months(&held, today) {
        Some(h) => load::meeting(&mut conn, h.id).await?,
        None => None,
    };
    let recent: Vec<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT m.held_on, m.kind, m.observer, COUNT(a.member_id), COALESCE(SUM(CASE WHEN a.presence = 'present' THEN 1 ELSE 0 END), 0) \
         FROM meetings m LEFT JOIN attendance a ON a.meeting_id = m.id WHERE m.branch_id = $1 GROUP BY m.id ORDER BY m.held_on DESC LIMIT 6",
    )
    .bind(b.id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let can_rate_branch = actor.can_manage_commune(commune_id);
    Ok(BranchPageView {
        id: b.id.to_string(),
        name: b.name.clone(),
        commune_id: commune_id.to_string(),
        commune: units.get(&commune_id).map(|(n, _)| n.clone()).unwrap_or_default(),
        active: b.is_active(),
        today: today.to_vn(),
        year,
        members: lines,
        this_month,
        default_kind: default_kind(&held, today).code().to_string(),
        recent: recent
            .into_iter()
            .map(|(date, kind, observer, sheet, present)| {
                let date = crate::domain::date::Date::parse_iso(&date).map_or(date.clone(), |d| d.to_vn());
                let kind = crate::domain::meeting::MeetingKind::from_code(&kind).map_or(kind.clone(), |k| k.label().to_string());
                row([date, kind, format!("{present}/{sheet}"), observer.unwrap_or_else(|| "—".into())])
            })
            .collect(),
        can_follow: actor.can_follow_member(commune_id, Some(b.id)) && b.is_active(),
        can_rate_branch,
        branch_evaluation: load::evaluation(&mut conn, SubjectKind::Branch, &b.id.to_string(), year).await?,
    })
}

/// The report: the opening paragraph and the tables behind it (ratings of `year`, the newest
/// rated year by default), from the kept figures.
pub async fn report(db: &Db, year: Option<i32>) -> Result<ReportView, AppError> {
    use crate::domain::report::{opening_paragraph, report_order, report_tables};
    let mut conn = db.pool.acquire().await?;
    let rows = super::stats::all(&mut conn).await?;
    let total = totals(&rows);
    let mut campaigns = load::campaigns(&mut conn).await?;
    report_order(&mut campaigns);
    let years = rated_years(&rows);
    let year = year.filter(|y| years.contains(y)).or(years.first().copied());
    Ok(ReportView {
        opening: opening_paragraph(&total, &campaigns),
        tables: report_tables(&rows, &total, &campaigns, year),
        years,
        year,
        today: crate::domain::date::Date::from_unix_millis_vn(super::now_millis()).to_vn(),
    })
}
