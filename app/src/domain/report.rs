//! The figures of the report, per commune and in total, computed from the records.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::branch::{Branch, BranchKind};
use super::campaign::Campaign;
use super::ids::{MemberId, UnitId};
use super::member::Member;
use super::plan::Transfer;

/// One commune's progress, as the district overview shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneFigures {
    pub commune_id: Option<UnitId>,
    pub commune_name: String,
    pub agency_branches: usize,
    pub agency_dissolved: usize,
    /// Members moved into a hamlet branch by a confirmed transfer.
    pub members_moved: usize,
    pub residential_branches: usize,
    /// Moved members with no task assignment.
    pub moved_without_task: usize,
    /// Of those, leaders and committee members.
    pub leaders_without_task: usize,
    /// Members covered by an open campaign and not yet transferred.
    pub pending: usize,
}

/// The records of one commune that the figures are computed from.
pub struct CommuneRecords<'a> {
    pub commune_id: UnitId,
    pub commune_name: &'a str,
    pub branches: &'a [Branch],
    pub members: &'a [Member],
    pub transfers: &'a [Transfer],
    pub campaigns: &'a [Campaign],
    /// Members that have at least one task.
    pub members_with_task: &'a HashSet<MemberId>,
}

/// Computes one commune's figures.
pub fn commune_figures(r: &CommuneRecords<'_>) -> CommuneFigures {
    let own = |b: &&Branch| b.commune_id == Some(r.commune_id);
    let agency: Vec<&Branch> = r.branches.iter().filter(own).filter(|b| b.kind == BranchKind::Agency).collect();
    let members: HashSet<MemberId> = r.members.iter().filter(|m| m.commune_id == r.commune_id).map(|m| m.id).collect();
    let moved: HashSet<MemberId> = r.transfers.iter().map(|t| t.member_id).filter(|id| members.contains(id)).collect();
    let moved_members = r.members.iter().filter(|m| moved.contains(&m.id));
    let (mut without_task, mut leaders_without_task) = (0, 0);
    for m in moved_members {
        if !r.members_with_task.contains(&m.id) {
            without_task += 1;
            leaders_without_task += usize::from(m.is_leader());
        }
    }
    let pending = r
        .members
        .iter()
        .filter(|m| m.commune_id == r.commune_id && !moved.contains(&m.id))
        .filter(|m| r.campaigns.iter().any(|c| c.open && c.covers(m)))
        .count();
    CommuneFigures {
        commune_id: Some(r.commune_id),
        commune_name: r.commune_name.to_string(),
        agency_branches: agency.len(),
        agency_dissolved: agency.iter().filter(|b| !b.is_active()).count(),
        members_moved: moved.len(),
        residential_branches: r.branches.iter().filter(own).filter(|b| b.kind == BranchKind::Residential && b.is_active()).count(),
        moved_without_task: without_task,
        leaders_without_task,
        pending,
    }
}

/// Adds the communes up into the district total.
pub fn totals(rows: &[CommuneFigures]) -> CommuneFigures {
    rows.iter().fold(CommuneFigures { commune_name: "Toàn huyện".into(), ..Default::default() }, |mut t, r| {
        t.agency_branches += r.agency_branches;
        t.agency_dissolved += r.agency_dissolved;
        t.members_moved += r.members_moved;
        t.residential_branches += r.residential_branches;
        t.moved_without_task += r.moved_without_task;
        t.leaders_without_task += r.leaders_without_task;
        t.pending += r.pending;
        t
    })
}

/// Two-digit counts as the report writes them ("09/09").
pub fn two_digits(n: usize) -> String {
    format!("{n:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::branch::tests::branch;
    use crate::domain::campaign::tests::police_campaign;
    use crate::domain::date::Date;
    use crate::domain::ids::{CampaignId, TransferId};
    use crate::domain::member::JobCategory;
    use crate::domain::member::tests::member;

    #[test]
    fn figures_count_what_the_overview_shows() {
        let commune = UnitId::new();
        let in_commune = |m: Member| Member { commune_id: commune, ..m };
        let moved = in_commune(member());
        let leader = Member { is_key_leader: true, ..in_commune(member()) };
        let police = Member { job_category: JobCategory::CommunePolice, ..in_commune(member()) };
        let elsewhere = member();
        let agency = branch(BranchKind::Agency, commune, None);
        let dissolved = agency.dissolve(0, Date::parse_vn("20/01/2019").unwrap(), "1").unwrap();
        let branches = vec![
            dissolved,
            branch(BranchKind::Residential, commune, Some(UnitId::new())),
            branch(BranchKind::Residential, UnitId::new(), None),
        ];
        let transfer = |m: &Member| Transfer {
            id: TransferId::new(),
            campaign_id: CampaignId::new(),
            member_id: m.id,
            from_branch: None,
            to_branch: branches[1].id,
            effective_on: Date::parse_vn("20/01/2019").unwrap(),
            letter_no: "1".into(),
        };
        let transfers = vec![transfer(&moved), transfer(&leader), transfer(&elsewhere)];
        let with_task: HashSet<MemberId> = [moved.id].into();
        let members = vec![moved, leader, police, elsewhere];
        let campaigns = vec![police_campaign()];
        let f = commune_figures(&CommuneRecords {
            commune_id: commune,
            commune_name: "Sa Rài",
            branches: &branches,
            members: &members,
            transfers: &transfers,
            campaigns: &campaigns,
            members_with_task: &with_task,
        });
        assert_eq!((f.agency_branches, f.agency_dissolved), (1, 1));
        assert_eq!(f.members_moved, 2, "the member of another commune is not counted");
        assert_eq!(f.residential_branches, 1);
        assert_eq!((f.moved_without_task, f.leaders_without_task), (1, 1));
        assert_eq!(f.pending, 1);
        let closed = vec![Campaign { open: false, ..police_campaign() }];
        let f2 = commune_figures(&CommuneRecords {
            campaigns: &closed,
            commune_id: commune,
            commune_name: "",
            branches: &branches,
            members: &members,
            transfers: &transfers,
            members_with_task: &with_task,
        });
        assert_eq!(f2.pending, 0);
        let t = totals(&[f.clone(), f]);
        assert_eq!((t.agency_dissolved, t.members_moved, t.pending), (2, 4, 2));
        assert_eq!(two_digits(9), "09");
    }
}
