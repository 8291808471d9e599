//! Read models of the pages, in the caller's scope.

use std::collections::{HashMap, HashSet};

use crate::api::views::*;
use crate::domain::branch::BranchKind;
use crate::domain::campaign::Campaign;
use crate::domain::flags::{FlagRules, MemberFacts, flags_for};
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::meeting::Participation;
use crate::domain::member::Member;
use crate::domain::membership::MembershipKind;
use crate::domain::report::{CommuneRecords, commune_figures, totals};
use crate::domain::scope::Actor;
use crate::domain::text::sort_by_name;
use crate::error::AppError;

use super::Db;
use super::load::{self, id};

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

/// Task counts and meeting participation of the members of one commune.
async fn activity(
    conn: &mut sqlx::SqliteConnection,
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

/// The records the report figures are computed from, for one commune or (`None`) all of them.
struct Records {
    branches: Vec<crate::domain::branch::Branch>,
    members: Vec<Member>,
    transfers: Vec<crate::domain::plan::Transfer>,
    campaigns: Vec<Campaign>,
    with_task: HashSet<MemberId>,
}

impl Records {
    async fn load(conn: &mut sqlx::SqliteConnection, commune: Option<UnitId>) -> Result<Self, AppError> {
        Ok(Self {
            branches: load::branches(conn, commune).await?,
            members: load::members(conn, commune).await?,
            transfers: load::transfers(conn, commune).await?,
            campaigns: load::campaigns(conn).await?,
            with_task: load::members_with_task(conn).await?,
        })
    }

    fn figures(&self, commune_id: UnitId, commune_name: &str) -> crate::domain::report::CommuneFigures {
        commune_figures(&CommuneRecords {
            commune_id,
            commune_name,
            branches: &self.branches,
            members: &self.members,
            transfers: &self.transfers,
            campaigns: &self.campaigns,
            members_with_task: &self.with_task,
        })
    }
}

/// The district overview: every commune's figures and the total.
pub async fn overview(db: &Db) -> Result<OverviewView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let records = Records::load(&mut conn, None).await?;
    let rows: Vec<_> = load::communes(&mut conn).await?.into_iter().map(|(id, name)| records.figures(id, &name)).collect();
    Ok(OverviewView { total: totals(&rows), rows, campaigns: records.campaigns.iter().map(campaign_line).collect() })
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
    let (task_counts, participation) = activity(&mut conn, commune_id).await?;
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
    let figures = records.figures(commune_id, &name);
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
    let (task_counts, participation) = activity(&mut conn, m.commune_id).await?;
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
    })
}
