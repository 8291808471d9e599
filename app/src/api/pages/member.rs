//! `/dang-vien/:id`: a member's record and history, and what the reader may record for them.

use super::parts::{Activity, row};
use crate::api::views::{Fact, FollowView, MemberEdit, MemberView};
use crate::domain::evaluation::{Rating, SubjectKind};
use crate::domain::history::HistoryQuery;
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::member::MemberDraft;
use crate::domain::membership::MembershipKind;
use crate::domain::scope::Actor;
use crate::domain::task::templates;
use crate::error::AppError;
use crate::store::{Db, branches, campaigns, evaluations, members, memberships, notes, tasks, today, units};

/// A member page, for who may read the member.
pub async fn load(db: &Db, actor: &Actor, id: &str) -> Result<MemberView, AppError> {
    let member_id = MemberId::parse(id).ok_or_else(|| AppError::NotFound("đảng viên".into()))?;
    let mut conn = db.pool.acquire().await?;
    let m = members::get(&mut conn, member_id).await?.ok_or_else(|| AppError::NotFound("đảng viên".into()))?;
    let memberships = memberships::of_member(&mut conn, member_id).await?;
    let current = memberships.iter().find(|s| s.kind == MembershipKind::Official && s.to.is_none());
    let official = current.map(|s| s.branch_id);
    if !actor.can_read_member(m.commune_id, official) {
        return Err(AppError::Forbidden);
    }
    let units = units::names(&mut conn).await?;
    let all_branches = branches::of_commune(&mut conn, None).await?;
    let branch_name = |b: BranchId| all_branches.iter().find(|x| x.id == b).map(|x| x.name.clone()).unwrap_or_default();
    let unit_name = |u: UnitId| units.get(&u).map(|(n, _)| n.clone()).unwrap_or_default();
    let campaigns = campaigns::all(&mut conn).await?;
    let activity = Activity::load(&mut conn, m.commune_id).await?;
    let rating = |r: Option<Rating>| r.map_or_else(|| "—".to_string(), |r| r.label().to_string());
    let fact = |label: &str, value: String| Fact { label: label.into(), value };
    let p = activity.participation(member_id);
    let follow = match official {
        Some(branch) if actor.can_follow_member(m.commune_id, official) => {
            let year = today().year();
            Some(FollowView {
                branch_id: branch.to_string(),
                field: m.field.code().to_string(),
                templates: templates(m.field).iter().map(|t| t.to_string()).collect(),
                year,
                evaluation: evaluations::get(&mut conn, SubjectKind::Member, &m.id.to_string(), year).await?,
                tasks: tasks::given_by(&mut conn, m.id, branch).await?,
            })
        }
        _ => None,
    };
    Ok(MemberView {
        id: m.id.to_string(),
        name: m.full_name.as_str().to_string(),
        commune_id: m.commune_id.to_string(),
        commune: unit_name(m.commune_id),
        current_branch: official.map(&branch_name).unwrap_or_else(|| "Chưa có".into()),
        badges: m.badges(),
        flags: activity.flags(&m),
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
        transfers: activity
            .transfers
            .iter()
            .filter(|t| t.member_id == member_id)
            .map(|t| {
                let code = campaigns.iter().find(|c| c.id == t.campaign_id).map(|c| c.code.clone()).unwrap_or_default();
                let from = t.from_branch.map(&branch_name).unwrap_or_default();
                row([code, from, branch_name(t.to_branch), t.effective_on.to_vn(), t.letter_no.clone()])
            })
            .collect(),
        tasks: tasks::of_member(&mut conn, member_id)
            .await?
            .into_iter()
            .map(|t| row([t.year.to_string(), t.text, t.due.map_or_else(|| "—".into(), |d| d.to_vn()), t.status.label().to_string()]))
            .collect(),
        evaluations: evaluations::of_member(&mut conn, member_id)
            .await?
            .into_iter()
            .map(|e| row([e.year.to_string(), rating(e.self_rating), rating(e.proposed), rating(e.final_rating)]))
            .collect(),
        notes: notes::of_member(&mut conn, member_id)
            .await?
            .into_iter()
            .map(|n| row([n.year.to_string(), n.kind.label().to_string(), n.text]))
            .collect(),
        edit: if actor.can_manage_commune(m.commune_id) {
            let choices = super::register::form_choices(&mut conn, m.commune_id, &all_branches).await?;
            Some(MemberEdit { id: m.id.to_string(), draft: MemberDraft::from(&m), version: m.version, choices })
        } else {
            None
        },
        changes: super::history::recent(&mut conn, actor, HistoryQuery { dang_vien: member_id.to_string(), ..Default::default() }).await?,
        follow,
    })
}
