//! `plan.move_member` and `transfer.confirm`: planning a campaign's members and confirming
//! their transfers (commune staff of the member's commune, and administrators).

use super::{Cx, Step, applied, found, next_version};
use crate::domain::DomainError;
use crate::domain::campaign::Campaign;
use crate::domain::ids::{CampaignId, MemberId};
use crate::domain::member::Member;
use crate::domain::plan;
use crate::store::changes::Record;
use crate::store::{Conn, branches, campaigns, members, memberships, plans, transfers};
use crate::sync::Outcome;
use crate::sync::ops::{ConfirmTransfer, MoveMember};

/// The member and the campaign of a plan operation, once the actor may manage the member's commune.
async fn member_and_campaign(conn: &mut Conn, cx: &Cx<'_>, member: MemberId, campaign: CampaignId) -> Step<(Member, Campaign)> {
    let member = found(members::get(conn, member).await?, "đảng viên")?;
    if !cx.actor.can_manage_commune(member.commune_id) {
        return Err(super::forbidden());
    }
    let campaign = found(campaigns::get(conn, campaign).await?, "đợt chuyển")?;
    Ok((member, campaign))
}

pub(super) async fn move_member(conn: &mut Conn, cx: &Cx<'_>, a: MoveMember) -> Step<Outcome> {
    let (member, campaign) = member_and_campaign(conn, cx, a.member_id, a.campaign_id).await?;
    let current = plans::get(conn, campaign.id, member.id).await?;
    next_version(current.as_ref().map(|p| (p, p.version)), cx.base)?;
    let target = match a.target_branch_id {
        Some(t) => Some(found(branches::get(conn, t).await?, "chi bộ")?),
        None => None,
    };
    let (entry, warning) = plan::plan_move(&campaign, &member, current.as_ref(), target.as_ref())?;
    plans::save(conn, &entry).await?;
    let record = Record::new("plan", entry.key(), Some(member.commune_id), entry.target).before(current.as_ref()).after(&entry);
    applied(cx.record(conn, record).await?, warning.map(|w| w.label().to_string()))
}

pub(super) async fn confirm_transfer(conn: &mut Conn, cx: &Cx<'_>, a: ConfirmTransfer) -> Step<Outcome> {
    let (member, campaign) = member_and_campaign(conn, cx, a.member_id, a.campaign_id).await?;
    let entry = plans::get(conn, campaign.id, member.id).await?.ok_or(DomainError::NotPlanned)?;
    next_version(Some((&entry, entry.version)), cx.base)?;
    let target = found(branches::get(conn, entry.target.ok_or(DomainError::NotPlanned)?).await?, "chi bộ")?;
    let current = memberships::current_official(conn, member.id).await?;
    let done = plan::confirm(&campaign, &member, &entry, &target, current.as_ref(), a.effective_on, &a.letter_no)?;
    let commune = Some(member.commune_id);
    plans::save(conn, &done.entry).await?;
    cx.record(conn, Record::new("plan", done.entry.key(), commune, Some(target.id)).before(Some(&entry)).after(&done.entry)).await?;
    if let Some(ended) = &done.ended {
        memberships::save(conn, ended).await?;
        cx.record(conn, Record::new("membership", ended.id, commune, Some(ended.branch_id)).before(current.as_ref()).after(ended)).await?;
    }
    memberships::save(conn, &done.started).await?;
    cx.record(conn, Record::new("membership", done.started.id, commune, Some(target.id)).after(&done.started)).await?;
    transfers::insert(conn, &done.transfer).await?;
    applied(cx.record(conn, Record::new("transfer", done.transfer.id, commune, Some(target.id)).after(&done.transfer)).await?, None)
}
