//! What a board is made of, and how it is assembled the same way from the server's records and
//! from the device's store.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use crate::domain::branch::{Branch, BranchKind};
use crate::domain::campaign::Campaign;
use crate::domain::ids::{CampaignId, MemberId, UnitId};
use crate::domain::member::{Member, MemberCard};
use crate::domain::membership::{Membership, MembershipKind};
use crate::domain::plan::{PlanEntry, Transfer};
use crate::domain::text::{name_sort_key, text_sort_key};
use crate::sync::UnitRecord;
use crate::sync::replica::{Entities, typed};

/// Everything the board needs, as the server sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardData {
    pub commune_id: UnitId,
    pub commune_name: String,
    pub campaign: Campaign,
    /// The active residential branches of the commune: the target columns.
    pub branches: Vec<Branch>,
    /// The cards of the commune's members that the campaign covers.
    pub members: Vec<MemberCard>,
    /// Their lines in the campaign's plan.
    pub plans: Vec<PlanEntry>,
    /// Names of the hamlets, for the cards.
    pub hamlets: Vec<(UnitId, String)>,
    /// Where the unconfirmed members belong officially now (the branches being emptied).
    pub sources: Vec<(String, usize)>,
    /// Whether the user may change the plan.
    pub can_edit: bool,
}

/// What a board is made of: loaded by the server, or read from the device's store when the
/// server cannot be reached. [`BoardData::assemble`] makes the board of it, the same way for both.
pub struct BoardSource {
    pub commune_id: UnitId,
    pub commune_name: String,
    pub campaign: Campaign,
    /// Every branch at hand: the commune's, and those its members still belong to.
    pub branches: Vec<Branch>,
    /// The commune's members.
    pub members: Vec<Member>,
    /// The commune's plan lines and transfers (every campaign).
    pub plans: Vec<PlanEntry>,
    pub transfers: Vec<Transfer>,
    /// The current memberships of the commune's members.
    pub memberships: Vec<Membership>,
    pub hamlets: Vec<(UnitId, String)>,
    /// Whether the user manages this commune.
    pub manages: bool,
}

impl BoardData {
    /// The board of `source.campaign` in the commune: the members the campaign covers (except
    /// those another campaign already moved), their plan lines, where the unconfirmed ones belong
    /// now, and the active hamlet branches as columns; in display order (columns and cards by
    /// name).
    pub fn assemble(source: BoardSource) -> Self {
        let BoardSource { commune_id, commune_name, campaign, branches, members, plans, transfers, memberships, hamlets, manages } = source;
        let moved_elsewhere: HashSet<MemberId> = transfers.iter().filter(|t| t.campaign_id != campaign.id).map(|t| t.member_id).collect();
        let members: Vec<MemberCard> = members
            .iter()
            .filter(|m| m.commune_id == commune_id && campaign.covers(*m) && !moved_elsewhere.contains(&m.id))
            .map(MemberCard::from)
            .collect();
        let ids: HashSet<MemberId> = members.iter().map(|m| m.id).collect();
        let plans: Vec<PlanEntry> = plans.into_iter().filter(|p| p.campaign_id == campaign.id && ids.contains(&p.member_id)).collect();
        let confirmed: HashSet<MemberId> = plans.iter().filter(|p| p.confirmed).map(|p| p.member_id).collect();
        let mut sources: HashMap<String, usize> = HashMap::new();
        for m in memberships.iter().filter(|m| m.to.is_none() && m.kind == MembershipKind::Official) {
            if ids.contains(&m.member_id) && !confirmed.contains(&m.member_id) {
                let name = branches.iter().find(|b| b.id == m.branch_id).map(|b| b.name.clone()).unwrap_or_default();
                *sources.entry(name).or_default() += 1;
            }
        }
        let mut sources: Vec<(String, usize)> = sources.into_iter().collect();
        sources.sort();
        BoardData {
            commune_id,
            commune_name,
            can_edit: manages && campaign.open,
            campaign,
            branches: branches
                .into_iter()
                .filter(|b| b.commune_id == Some(commune_id) && b.kind == BranchKind::Residential && b.is_active())
                .collect(),
            members,
            plans,
            hamlets,
            sources,
        }
        .in_display_order()
    }

    /// The columns by name, the cards by given name (as a Vietnamese list is read).
    fn in_display_order(mut self) -> Self {
        self.branches.sort_by_cached_key(|b| text_sort_key(&b.name));
        self.members.sort_by_cached_key(|m| name_sort_key(&m.full_name));
        self
    }

    /// The branches and hamlets of a commune in the device's store (what a pull may have added
    /// to an open board).
    pub fn pulled_branches(base: &Entities, commune_id: UnitId) -> (Vec<Branch>, Vec<(UnitId, String)>) {
        let branches = base
            .range("branch/".to_string().."branch0".to_string())
            .filter_map(|(_, v)| typed::<Branch>(v))
            .filter(|b| b.commune_id == Some(commune_id))
            .collect();
        let hamlets = base
            .range("unit/".to_string().."unit0".to_string())
            .filter_map(|(_, v)| typed::<UnitRecord>(v))
            .filter(|u| u.parent == Some(commune_id))
            .map(|u| (u.id, u.name))
            .collect();
        (branches, hamlets)
    }

    /// The board from the device's store (the rows of its last pulls), or `None` when the store
    /// does not hold this commune or campaign.
    pub fn from_entities(base: &Entities, commune_id: UnitId, campaign: CampaignId, manages: bool) -> Option<Self> {
        fn all<T: serde::de::DeserializeOwned>(base: &Entities, entity: &str) -> Vec<T> {
            base.range(format!("{entity}/")..format!("{entity}0")).filter_map(|(_, v)| typed(v)).collect()
        }
        let units: Vec<UnitRecord> = all(base, "unit");
        let commune_name = units.iter().find(|u| u.id == commune_id)?.name.clone();
        let campaign = all::<Campaign>(base, "campaign").into_iter().find(|c| c.id == campaign && c.applies_to(commune_id))?;
        let members: Vec<Member> = all::<Member>(base, "member").into_iter().filter(|m| m.commune_id == commune_id).collect();
        let ids: HashSet<MemberId> = members.iter().map(|m| m.id).collect();
        Some(Self::assemble(BoardSource {
            commune_id,
            commune_name,
            campaign,
            branches: all(base, "branch"),
            plans: all::<PlanEntry>(base, "plan").into_iter().filter(|p| ids.contains(&p.member_id)).collect(),
            transfers: all::<Transfer>(base, "transfer").into_iter().filter(|t| ids.contains(&t.member_id)).collect(),
            memberships: all::<Membership>(base, "membership").into_iter().filter(|m| ids.contains(&m.member_id)).collect(),
            members,
            hamlets: units.into_iter().filter(|u| u.parent == Some(commune_id)).map(|u| (u.id, u.name)).collect(),
            manages,
        }))
    }
}
