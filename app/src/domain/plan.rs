//! The plan (member → target branch) that the board edits, the suggestion by residence, and the
//! confirmation that turns a planned move into a transfer.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::branch::{Branch, BranchKind};
use super::campaign::Campaign;
use super::date::Date;
use super::free_text::{FreeText, LETTER_NO};
use super::ids::{BranchId, CampaignId, MemberId, TransferId};
use super::member::{Member, Placed};
use super::membership::{Membership, move_official};

/// One member's line in a campaign's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    pub campaign_id: CampaignId,
    pub member_id: MemberId,
    /// `None`: back in the source column (not planned).
    pub target: Option<BranchId>,
    pub confirmed: bool,
    pub version: i64,
}

impl PlanEntry {
    /// The line's key in the change log and on the devices: `campaign:member`.
    pub fn key(&self) -> String {
        line_key(self.campaign_id, self.member_id)
    }
}

/// The key of a member's line in a campaign's plan.
pub fn line_key(campaign: CampaignId, member: MemberId) -> String {
    format!("{campaign}:{member}")
}

/// A planned target that is allowed, but worth a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanWarning {
    /// The target is not the branch of the hamlet where the member lives.
    NotResidenceBranch,
}

impl PlanWarning {
    /// The Vietnamese text of the warning.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotResidenceBranch => "Chi bộ đến không phải chi bộ nơi đảng viên cư trú",
        }
    }
}

/// A confirmed transfer record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub id: TransferId,
    pub campaign_id: CampaignId,
    pub member_id: MemberId,
    pub from_branch: Option<BranchId>,
    pub to_branch: BranchId,
    pub effective_on: Date,
    pub letter_no: String,
}

/// Checks that `target` can receive `member`: an active residential branch of the member's commune.
pub fn check_target(member: &impl Placed, target: &Branch) -> Result<Option<PlanWarning>, DomainError> {
    if target.kind != BranchKind::Residential {
        return Err(DomainError::TargetNotResidential);
    }
    if !target.is_active() {
        return Err(DomainError::TargetDissolved(target.name.clone()));
    }
    if target.commune_id != Some(member.commune()) {
        return Err(DomainError::TargetOtherCommune);
    }
    Ok((target.hamlet_id != Some(member.residence())).then_some(PlanWarning::NotResidenceBranch))
}

/// Plans `member` to `target` (or back to unplanned with `None`) in `campaign`.
/// Returns the new entry and the warning to show, if any.
pub fn plan_move(
    campaign: &Campaign,
    member: &impl Placed,
    current: Option<&PlanEntry>,
    target: Option<&Branch>,
) -> Result<(PlanEntry, Option<PlanWarning>), DomainError> {
    campaign.ensure_open()?;
    campaign.ensure_covers(member)?;
    if current.is_some_and(|p| p.confirmed) {
        return Err(DomainError::AlreadyConfirmed);
    }
    let warning = match target {
        Some(t) => check_target(member, t)?,
        None => None,
    };
    let entry = PlanEntry {
        campaign_id: campaign.id,
        member_id: member.member_id(),
        target: target.map(|t| t.id),
        confirmed: false,
        version: current.map_or(1, |p| p.version + 1),
    };
    Ok((entry, warning))
}

/// The suggested target: the active residential branch of the member's own hamlet.
pub fn suggest_target<'a>(member: &impl Placed, branches: &'a [Branch]) -> Option<&'a Branch> {
    branches.iter().find(|b| {
        b.kind == BranchKind::Residential
            && b.is_active()
            && b.commune_id == Some(member.commune())
            && b.hamlet_id == Some(member.residence())
    })
}

/// What confirming a planned move produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub entry: PlanEntry,
    pub transfer: Transfer,
    pub ended: Option<Membership>,
    pub started: Membership,
}

/// Confirms the planned move of `member`: creates the transfer and moves the official membership.
pub fn confirm(
    campaign: &Campaign,
    member: &Member,
    entry: &PlanEntry,
    target: &Branch,
    current_official: Option<&Membership>,
    effective_on: Date,
    letter_no: &str,
) -> Result<Confirmation, DomainError> {
    campaign.ensure_open()?;
    if entry.confirmed {
        return Err(DomainError::AlreadyConfirmed);
    }
    if entry.target != Some(target.id) {
        return Err(DomainError::NotPlanned);
    }
    check_target(member, target)?;
    if effective_on < campaign.basis_date {
        return Err(DomainError::EffectiveBeforeBasis(campaign.basis_date.to_vn()));
    }
    let letter_no = FreeText::required(letter_no, LETTER_NO)?.into();
    let (ended, started) = move_official(current_official, member.id, target.id, effective_on)?;
    let transfer = Transfer {
        id: TransferId::new(),
        campaign_id: campaign.id,
        member_id: member.id,
        from_branch: current_official.map(|m| m.branch_id),
        to_branch: target.id,
        effective_on,
        letter_no,
    };
    Ok(Confirmation { entry: PlanEntry { confirmed: true, version: entry.version + 1, ..entry.clone() }, transfer, ended, started })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::branch::tests::branch;
    use crate::domain::campaign::tests::police_campaign;
    use crate::domain::ids::{MembershipId, UnitId};
    use crate::domain::member::JobCategory;
    use crate::domain::member::tests::member;
    use crate::domain::membership::MembershipKind;

    fn d(s: &str) -> Date {
        Date::parse_vn(s).unwrap()
    }

    fn police() -> Member {
        Member { job_category: JobCategory::CommunePolice, ..member() }
    }

    fn home_branch(m: &Member) -> Branch {
        branch(BranchKind::Residential, m.commune_id, Some(m.residence_id))
    }

    #[test]
    fn planning_to_the_home_hamlet_has_no_warning() {
        let (c, m) = (police_campaign(), police());
        let target = home_branch(&m);
        let (entry, warning) = plan_move(&c, &m, None, Some(&target)).unwrap();
        assert_eq!(entry.target, Some(target.id));
        assert_eq!(entry.version, 1);
        assert_eq!(warning, None);
    }

    #[test]
    fn another_hamlet_of_the_commune_is_allowed_with_a_warning() {
        let (c, m) = (police_campaign(), police());
        let other = branch(BranchKind::Residential, m.commune_id, Some(UnitId::new()));
        let current = PlanEntry { campaign_id: c.id, member_id: m.id, target: None, confirmed: false, version: 4 };
        let (entry, warning) = plan_move(&c, &m, Some(&current), Some(&other)).unwrap();
        assert_eq!(warning, Some(PlanWarning::NotResidenceBranch));
        assert_eq!(entry.version, 5);
    }

    #[test]
    fn invalid_targets_are_refused_with_the_reason() {
        let (c, m) = (police_campaign(), police());
        let agency = branch(BranchKind::Agency, m.commune_id, None);
        assert_eq!(plan_move(&c, &m, None, Some(&agency)), Err(DomainError::TargetNotResidential));
        let elsewhere = branch(BranchKind::Residential, UnitId::new(), Some(m.residence_id));
        assert_eq!(plan_move(&c, &m, None, Some(&elsewhere)), Err(DomainError::TargetOtherCommune));
        let dissolved = home_branch(&m).dissolve(0, d("01/01/2020"), "1").unwrap();
        assert!(matches!(plan_move(&c, &m, None, Some(&dissolved)), Err(DomainError::TargetDissolved(_))));
    }

    #[test]
    fn the_campaign_must_be_open_cover_the_member_and_not_be_confirmed() {
        let (c, m) = (police_campaign(), police());
        let target = home_branch(&m);
        let closed = Campaign { open: false, ..c.clone() };
        assert!(matches!(plan_move(&closed, &m, None, Some(&target)), Err(DomainError::CampaignClosed(_))));
        let clerk = member();
        assert!(matches!(plan_move(&c, &clerk, None, Some(&target)), Err(DomainError::NotInCampaign(_))));
        let done = PlanEntry { campaign_id: c.id, member_id: m.id, target: Some(target.id), confirmed: true, version: 2 };
        assert_eq!(plan_move(&c, &m, Some(&done), None), Err(DomainError::AlreadyConfirmed));
    }

    #[test]
    fn suggestion_is_the_branch_of_the_residence_hamlet() {
        let m = police();
        let other = branch(BranchKind::Residential, m.commune_id, Some(UnitId::new()));
        let home = home_branch(&m);
        let branches = vec![other, home.clone()];
        assert_eq!(suggest_target(&m, &branches).map(|b| b.id), Some(home.id));
        let gone = vec![home.dissolve(0, d("01/01/2020"), "1").unwrap()];
        assert_eq!(suggest_target(&m, &gone), None);
    }

    #[test]
    fn confirming_creates_the_transfer_and_moves_the_membership() {
        let (c, m) = (police_campaign(), police());
        let target = home_branch(&m);
        let old = Membership {
            id: MembershipId::new(),
            member_id: m.id,
            branch_id: BranchId::new(),
            kind: MembershipKind::Official,
            from: d("01/01/2015"),
            to: None,
        };
        let (entry, _) = plan_move(&c, &m, None, Some(&target)).unwrap();
        let done = confirm(&c, &m, &entry, &target, Some(&old), d("15/07/2021"), " 12/GGT ").unwrap();
        assert!(done.entry.confirmed);
        assert_eq!(done.transfer.from_branch, Some(old.branch_id));
        assert_eq!(done.transfer.to_branch, target.id);
        assert_eq!(done.transfer.letter_no, "12/GGT");
        assert_eq!(done.ended.unwrap().to, Some(d("14/07/2021")));
        assert_eq!(done.started.branch_id, target.id);
        // Once confirmed, it cannot be confirmed again.
        assert_eq!(confirm(&c, &m, &done.entry, &target, None, d("15/07/2021"), "12"), Err(DomainError::AlreadyConfirmed));
    }

    #[test]
    fn confirming_needs_a_plan_a_letter_and_a_date_after_the_basis() {
        let (c, m) = (police_campaign(), police());
        let target = home_branch(&m);
        let unplanned = PlanEntry { campaign_id: c.id, member_id: m.id, target: None, confirmed: false, version: 1 };
        assert_eq!(confirm(&c, &m, &unplanned, &target, None, d("15/07/2021"), "12"), Err(DomainError::NotPlanned));
        let (entry, _) = plan_move(&c, &m, None, Some(&target)).unwrap();
        assert!(matches!(confirm(&c, &m, &entry, &target, None, d("01/01/2021"), "12"), Err(DomainError::EffectiveBeforeBasis(_))));
        assert!(matches!(confirm(&c, &m, &entry, &target, None, d("15/07/2021"), " "), Err(DomainError::Required(_))));
    }
}
