//! The planning board's state and its transitions, pure: what the board shows, which moves the
//! rules allow (through `domain::plan`), the keyboard drag, suggestions and undo. The components
//! only render this and forward events.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use crate::domain::DomainError;
use crate::domain::branch::{Branch, BranchKind};
use crate::domain::campaign::Campaign;
use crate::domain::ids::{BranchId, CampaignId, MemberId, UnitId};
use crate::domain::member::{JobCategory, Member};
use crate::domain::membership::{Membership, MembershipKind};
use crate::domain::plan::{self, PlanEntry, PlanWarning, Transfer};
use crate::domain::text::{fold, name_sort_key};
use crate::sync::replica::{Entities, project_plan, typed};
use crate::sync::{Mutation, UnitRecord};

/// Everything the board needs, as the server sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardData {
    pub commune_id: UnitId,
    pub commune_name: String,
    pub campaign: Campaign,
    /// The active residential branches of the commune: the target columns.
    pub branches: Vec<Branch>,
    /// The commune's members that the campaign covers.
    pub members: Vec<Member>,
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
    /// now, and the active hamlet branches as columns.
    pub fn assemble(source: BoardSource) -> Self {
        let BoardSource { commune_id, commune_name, campaign, branches, members, plans, transfers, memberships, hamlets, manages } = source;
        let moved_elsewhere: HashSet<MemberId> = transfers.iter().filter(|t| t.campaign_id != campaign.id).map(|t| t.member_id).collect();
        let members: Vec<Member> =
            members.into_iter().filter(|m| m.commune_id == commune_id && campaign.covers(m) && !moved_elsewhere.contains(&m.id)).collect();
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
    }

    /// The board from the device's store (the rows of its last pulls), or `None` when the store
    /// does not hold this commune or campaign.
    pub fn from_entities(base: &Entities, commune_id: UnitId, campaign: CampaignId, manages: bool) -> Option<Self> {
        fn all<T: serde::de::DeserializeOwned>(base: &Entities, entity: &str) -> Vec<T> {
            base.range(format!("{entity}/")..format!("{entity}0")).filter_map(|(_, v)| typed(v)).collect()
        }
        let units: Vec<UnitRecord> = all(base, "unit");
        let commune_name = units.iter().find(|u| u.id == commune_id)?.name.clone();
        let campaign = all::<Campaign>(base, "campaign").into_iter().find(|c| c.id == campaign)?;
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

/// A column of the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// "Chờ phân công": not planned yet.
    Source,
    Branch(BranchId),
}

impl Column {
    /// The plan target this column stands for.
    pub fn target(self) -> Option<BranchId> {
        match self {
            Self::Source => None,
            Self::Branch(b) => Some(b),
        }
    }
    /// The column of a plan target.
    pub fn of(target: Option<BranchId>) -> Self {
        target.map_or(Self::Source, Self::Branch)
    }
}

/// The search and filters of the toolbar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
    pub job: Option<JobCategory>,
    pub leaders_only: bool,
    pub unplanned_only: bool,
    pub mismatched_only: bool,
}

/// One planned move: `member` from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub member: MemberId,
    pub from: Option<BranchId>,
    pub to: Option<BranchId>,
}

/// The board in the browser: the data, the local order of the cards, and the plan as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardState {
    pub data: BoardData,
    /// Display order of all cards (by given name at first; keyboard moves can reorder).
    pub order: Vec<MemberId>,
    plans: HashMap<MemberId, PlanEntry>,
    /// Position of each member in `data.members`, and each member's home branch.
    index: HashMap<MemberId, (usize, Option<BranchId>)>,
}

impl BoardState {
    /// The board as loaded.
    pub fn new(data: BoardData) -> Self {
        let mut members: Vec<&Member> = data.members.iter().collect();
        members.sort_by_cached_key(|m| name_sort_key(m.full_name.as_str()));
        let order = members.iter().map(|m| m.id).collect();
        let plans = data.plans.iter().map(|p| (p.member_id, p.clone())).collect();
        let index =
            data.members.iter().enumerate().map(|(i, m)| (m.id, (i, plan::suggest_target(m, &data.branches).map(|b| b.id)))).collect();
        Self { data, order, plans, index }
    }

    /// The columns, source first, then the branches by name.
    pub fn columns(&self) -> Vec<Column> {
        let mut branches: Vec<&Branch> = self.data.branches.iter().collect();
        branches.sort_by_cached_key(|b| crate::domain::text::text_sort_key(&b.name));
        std::iter::once(Column::Source).chain(branches.into_iter().map(|b| Column::Branch(b.id))).collect()
    }

    /// The title of a column.
    pub fn column_title(&self, column: Column) -> String {
        match column {
            Column::Source => "Chờ phân công".into(),
            Column::Branch(id) => self.branch(id).map(|b| b.name.clone()).unwrap_or_default(),
        }
    }

    pub fn member(&self, id: MemberId) -> Option<&Member> {
        self.index.get(&id).and_then(|(i, _)| self.data.members.get(*i))
    }

    pub fn branch(&self, id: BranchId) -> Option<&Branch> {
        self.data.branches.iter().find(|b| b.id == id)
    }

    /// The name of a hamlet.
    pub fn hamlet_name(&self, id: UnitId) -> &str {
        self.data.hamlets.iter().find(|(h, _)| *h == id).map_or("", |(_, n)| n.as_str())
    }

    /// The member's plan line, if any.
    pub fn entry(&self, member: MemberId) -> Option<&PlanEntry> {
        self.plans.get(&member)
    }

    /// The planned target of a member.
    pub fn target(&self, member: MemberId) -> Option<BranchId> {
        self.entry(member).and_then(|p| p.target)
    }

    /// The version of the member's plan line (0 when there is none yet).
    pub fn version(&self, member: MemberId) -> i64 {
        self.entry(member).map_or(0, |p| p.version)
    }

    /// Whether the transfer was confirmed (the card is locked).
    pub fn is_confirmed(&self, member: MemberId) -> bool {
        self.entry(member).is_some_and(|p| p.confirmed)
    }

    /// The branch of the member's residence hamlet.
    pub fn home(&self, member: &Member) -> Option<BranchId> {
        self.index.get(&member.id).and_then(|(_, home)| *home)
    }

    /// Planned elsewhere than the branch of the member's hamlet.
    pub fn is_mismatch(&self, member: &Member) -> bool {
        self.target(member.id).is_some_and(|t| Some(t) != self.home(member))
    }

    fn matches(&self, m: &Member, f: &Filter) -> bool {
        let text = fold(f.text.trim());
        (text.is_empty() || fold(m.full_name.as_str()).contains(&text))
            && f.job.is_none_or(|j| m.job_category == j)
            && (!f.leaders_only || m.is_leader())
            && (!f.unplanned_only || self.target(m.id).is_none())
            && (!f.mismatched_only || self.is_mismatch(m))
    }

    /// The cards of a column that pass the filter, in display order.
    pub fn cards(&self, column: Column, filter: &Filter) -> Vec<MemberId> {
        self.order
            .iter()
            .filter_map(|id| self.member(*id))
            .filter(|m| Column::of(self.target(m.id)) == column && self.matches(m, filter))
            .map(|m| m.id)
            .collect()
    }

    /// How many cards a column holds (unfiltered).
    pub fn count(&self, column: Column) -> usize {
        self.data.members.iter().filter(|m| Column::of(self.target(m.id)) == column).count()
    }

    /// The plan line a move would produce, by the domain rules (and the user's right to edit).
    fn plan(&self, member: MemberId, to: Column) -> Result<(PlanEntry, Option<PlanWarning>), DomainError> {
        let m = self.member(member).ok_or(DomainError::NotFound("đảng viên"))?;
        let target = match to {
            Column::Source => None,
            Column::Branch(b) => Some(self.branch(b).ok_or(DomainError::NotFound("chi bộ"))?),
        };
        let planned = plan::plan_move(&self.data.campaign, m, self.entry(member), target)?;
        if !self.data.can_edit {
            return Err(DomainError::ReadOnly);
        }
        Ok(planned)
    }

    /// Checks a move with the domain rules; the warning is for the user to see.
    pub fn check(&self, member: MemberId, to: Column) -> Result<Option<PlanWarning>, DomainError> {
        self.plan(member, to).map(|(_, warning)| warning)
    }

    /// Applies a move locally (optimistically) and returns it, with the version it was based on.
    pub fn apply(&mut self, member: MemberId, to: Column) -> Result<(Move, i64), DomainError> {
        let (entry, _) = self.plan(member, to)?;
        let base = self.version(member);
        let mv = Move { member, from: self.target(member), to: to.target() };
        self.plans.insert(member, entry);
        Ok((mv, base))
    }

    /// Puts a refused move back (the server said no).
    pub fn revert(&mut self, mv: Move, previous: Option<PlanEntry>) {
        match previous {
            Some(p) => self.plans.insert(mv.member, p),
            None => self.plans.remove(&mv.member),
        };
    }

    /// Records what the server now holds for a member's plan line.
    pub fn set_entry(&mut self, entry: PlanEntry) {
        self.plans.insert(entry.member_id, entry);
    }

    /// Marks a member's transfer confirmed.
    pub fn mark_confirmed(&mut self, member: MemberId) {
        if let Some(p) = self.plans.get_mut(&member) {
            p.confirmed = true;
            p.version += 1;
        }
    }

    /// Rebuilds the plan lines from what the server sent with the page, the device's base (the
    /// newer version of each line wins) and the device's pending changes re-applied on top, in
    /// order. Returns whether anything changed.
    pub fn rebase<'a>(&mut self, base: impl IntoIterator<Item = PlanEntry>, pending: impl IntoIterator<Item = &'a Mutation>) -> bool {
        let campaign = self.data.campaign.id;
        let mut plans: HashMap<MemberId, PlanEntry> = self.data.plans.iter().map(|p| (p.member_id, p.clone())).collect();
        for p in base {
            if p.campaign_id == campaign
                && self.index.contains_key(&p.member_id)
                && plans.get(&p.member_id).is_none_or(|q| p.version >= q.version)
            {
                plans.insert(p.member_id, p);
            }
        }
        for m in pending {
            if let Some((c, member)) = m.plan_line()
                && c == campaign
                && self.index.contains_key(&member)
                && let Some(entry) = project_plan(plans.get(&member), m)
            {
                plans.insert(member, entry);
            }
        }
        let changed = plans != self.plans;
        self.plans = plans;
        changed
    }

    /// Every unplanned, unconfirmed member that has a branch in their hamlet: (member, that branch).
    pub fn suggestions(&self) -> Vec<(MemberId, BranchId)> {
        self.order
            .iter()
            .filter_map(|id| self.member(*id))
            .filter(|m| self.target(m.id).is_none() && !self.is_confirmed(m.id))
            .filter_map(|m| self.home(m).map(|b| (m.id, b)))
            .filter(|(m, b)| self.check(*m, Column::Branch(*b)).is_ok())
            .collect()
    }

    /// Planned members whose transfer is not yet confirmed.
    pub fn confirmable(&self) -> Vec<MemberId> {
        self.order.iter().copied().filter(|m| self.target(*m).is_some() && !self.is_confirmed(*m)).collect()
    }

    /// Moves a card up (`-1`) or down (`+1`) among the cards of its column.
    pub fn reposition(&mut self, member: MemberId, delta: i32) -> Option<(usize, usize)> {
        let column = Column::of(self.target(member));
        let in_column = self.cards(column, &Filter::default());
        let pos = in_column.iter().position(|m| *m == member)?;
        let new = pos.checked_add_signed(delta as isize).filter(|p| *p < in_column.len())?;
        let a = self.order.iter().position(|m| *m == member)?;
        let b = self.order.iter().position(|m| *m == in_column[new])?;
        self.order.swap(a, b);
        Some((new + 1, in_column.len()))
    }
}

/// A lifted card being moved with the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyDrag {
    pub member: MemberId,
    /// Where the card came from.
    pub origin: Column,
    /// The column it is over now.
    pub over: usize,
}

/// A key while a card is lifted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Left,
    Right,
}

impl KeyDrag {
    /// Moves over the next or previous column (stopping at the ends).
    pub fn step(self, key: Key, columns: usize) -> Self {
        let over = match key {
            Key::Left => self.over.saturating_sub(1),
            Key::Right => (self.over + 1).min(columns.saturating_sub(1)),
        };
        Self { over, ..self }
    }
}

/// One undoable user action: a single move or a batch (the suggestion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoEntry {
    pub label: String,
    pub moves: Vec<Move>,
}

impl UndoEntry {
    /// The moves that undo this action, in reverse order.
    pub fn inverse(&self) -> Vec<(MemberId, Column)> {
        self.moves.iter().rev().map(|m| (m.member, Column::of(m.from))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::branch::BranchKind;
    use crate::domain::date::Date;
    use crate::domain::ids::CampaignId;
    use crate::domain::member::{Field, Gender, MemberStatus};
    use crate::domain::text::PersonName;

    fn member(name: &str, commune: UnitId, hamlet: UnitId, job: JobCategory) -> Member {
        Member {
            id: MemberId::new(),
            full_name: PersonName::parse(name).unwrap(),
            gender: Gender::Male,
            birth_date: Date::parse_vn("01/01/1985").unwrap(),
            party_card_no: "1".into(),
            record_no: "1".into(),
            joined_on: Date::parse_vn("01/01/2010").unwrap(),
            status: MemberStatus::Full,
            commune_id: commune,
            residence_id: hamlet,
            job_category: job,
            field: Field::Security,
            is_committee_member: false,
            is_key_leader: false,
            version: 1,
        }
    }

    fn board() -> BoardState {
        let commune = UnitId::new();
        let (h1, h2) = (UnitId::new(), UnitId::new());
        let branch = |name: &str, hamlet| Branch {
            id: BranchId::new(),
            name: name.into(),
            kind: BranchKind::Residential,
            unit_id: hamlet,
            commune_id: Some(commune),
            hamlet_id: Some(hamlet),
            dissolved: None,
            version: 1,
        };
        let police = JobCategory::CommunePolice;
        let mut leader = member("Trần Văn Bình", commune, h2, police);
        leader.is_key_leader = true;
        BoardState::new(BoardData {
            commune_id: commune,
            commune_name: "Sa Rài".into(),
            campaign: Campaign {
                id: CampaignId::new(),
                code: "314-CV/TU".into(),
                title: "t".into(),
                basis_date: Date::parse_vn("23/06/2021").unwrap(),
                issuer: "i".into(),
                job_categories: vec![police],
                deadline: None,
                dissolves_agency_branches: false,
                open: true,
                version: 1,
            },
            branches: vec![branch("Chi bộ Khóm 2", h2), branch("Chi bộ Khóm 1", h1)],
            members: vec![leader, member("Nguyễn Thị An", commune, h1, police), member("Lê Văn Cường", commune, UnitId::new(), police)],
            plans: vec![],
            hamlets: vec![(h1, "Khóm 1".into()), (h2, "Khóm 2".into())],
            sources: vec![("Chi bộ Công an huyện".into(), 3)],
            can_edit: true,
        })
    }

    fn id(b: &BoardState, given: &str) -> MemberId {
        b.data.members.iter().find(|m| m.full_name.given_name() == given).unwrap().id
    }

    #[test]
    fn columns_start_with_the_source_and_cards_sort_by_given_name() {
        let b = board();
        let cols = b.columns();
        assert_eq!(cols[0], Column::Source);
        assert_eq!(b.column_title(cols[1]), "Chi bộ Khóm 1");
        let names: Vec<_> =
            b.cards(Column::Source, &Filter::default()).iter().map(|m| b.member(*m).unwrap().full_name.given_name().to_string()).collect();
        assert_eq!(names, ["An", "Bình", "Cường"]);
        assert_eq!(b.count(Column::Source), 3);
    }

    #[test]
    fn a_move_is_applied_counted_and_reverted() {
        let mut b = board();
        let an = id(&b, "An");
        let k1 = b.columns()[1];
        let (mv, base) = b.apply(an, k1).unwrap();
        assert_eq!((mv.from, mv.to, base), (None, k1.target(), 0));
        assert_eq!(b.count(k1), 1);
        assert_eq!(b.version(an), 1);
        assert!(!b.is_mismatch(b.member(an).unwrap()));
        b.revert(mv, None);
        assert_eq!(b.count(Column::Source), 3);
    }

    #[test]
    fn planning_away_from_home_is_flagged_and_filterable() {
        let mut b = board();
        let an = id(&b, "An");
        let k2 = b.columns()[2];
        b.apply(an, k2).unwrap();
        assert!(b.is_mismatch(b.member(an).unwrap()));
        let f = Filter { mismatched_only: true, ..Filter::default() };
        assert_eq!(b.cards(k2, &f), vec![an]);
        assert!(b.cards(Column::Source, &f).is_empty());
    }

    #[test]
    fn confirmed_cards_and_read_only_boards_refuse_moves() {
        let mut b = board();
        let an = id(&b, "An");
        let k1 = b.columns()[1];
        b.apply(an, k1).unwrap();
        b.mark_confirmed(an);
        assert_eq!(b.apply(an, Column::Source).unwrap_err(), DomainError::AlreadyConfirmed);
        let mut ro = board();
        ro.data.can_edit = false;
        let an = id(&ro, "An");
        let k1 = ro.columns()[1];
        assert_eq!(ro.apply(an, k1).unwrap_err(), DomainError::ReadOnly);
        ro.data.campaign.open = false;
        assert!(matches!(ro.apply(an, k1).unwrap_err(), DomainError::CampaignClosed(_)));
    }

    #[test]
    fn search_ignores_case_and_diacritics_and_filters_combine() {
        let b = board();
        let f = Filter { text: "cuong".into(), ..Filter::default() };
        assert_eq!(b.cards(Column::Source, &f), vec![id(&b, "Cường")]);
        let f = Filter { leaders_only: true, ..Filter::default() };
        assert_eq!(b.cards(Column::Source, &f), vec![id(&b, "Bình")]);
        let f = Filter { job: Some(JobCategory::Official), ..Filter::default() };
        assert!(b.cards(Column::Source, &f).is_empty());
    }

    #[test]
    fn suggestions_cover_members_with_a_branch_in_their_hamlet() {
        let b = board();
        let s = b.suggestions();
        assert_eq!(s.len(), 2, "Cường lives in a hamlet without a branch");
        for (m, branch) in s {
            assert_eq!(Some(branch), b.home(b.member(m).unwrap()));
        }
    }

    #[test]
    fn undo_reverses_a_batch_in_reverse_order() {
        let mut b = board();
        let moves: Vec<Move> = b.suggestions().into_iter().map(|(m, br)| b.apply(m, Column::Branch(br)).unwrap().0).collect();
        let undo = UndoEntry { label: "Gợi ý".into(), moves: moves.clone() };
        let inverse = undo.inverse();
        assert_eq!(inverse.len(), 2);
        assert_eq!(inverse[0], (moves[1].member, Column::Source));
        for (m, c) in inverse {
            b.apply(m, c).unwrap();
        }
        assert_eq!(b.count(Column::Source), 3);
        assert_eq!(b.confirmable(), Vec::<MemberId>::new());
    }

    #[test]
    fn keyboard_steps_stop_at_the_ends_and_cards_reorder_in_a_column() {
        let mut b = board();
        let k = KeyDrag { member: id(&b, "An"), origin: Column::Source, over: 0 };
        assert_eq!(k.step(Key::Left, 3).over, 0);
        assert_eq!(k.step(Key::Right, 3).step(Key::Right, 3).step(Key::Right, 3).over, 2);
        let an = id(&b, "An");
        assert_eq!(b.reposition(an, 1), Some((2, 3)));
        assert_eq!(b.cards(Column::Source, &Filter::default())[1], an);
        assert_eq!(b.reposition(an, 5), None);
    }

    #[test]
    fn a_reload_shows_the_newest_line_with_the_devices_pending_changes_on_top() {
        use crate::sync::Op;
        use crate::sync::ops::MoveMember;
        let mut b = board();
        let (an, binh) = (id(&b, "An"), id(&b, "Bình"));
        let (k1, k2) = (b.columns()[1].target(), b.columns()[2].target());
        let campaign_id = b.data.campaign.id;
        let line = |member, target, version| PlanEntry { campaign_id, member_id: member, target, confirmed: false, version };
        // The page came with Bình in Khóm 1 (v1); the device has since pulled v2 (Khóm 2).
        b.data.plans = vec![line(binh, k1, 1)];
        let mut replica = crate::sync::replica::Replica::new(uuid::Uuid::now_v7());
        // An unsent move of An, made offline on this device.
        replica.enqueue(&Op::MoveMember(MoveMember { campaign_id, member_id: an, target_branch_id: k2 }), Some(0), 0);
        assert!(b.rebase(vec![line(binh, k2, 2), line(an, None, 0)], replica.pending()));
        assert_eq!(b.target(binh), k2);
        assert_eq!((b.target(an), b.version(an)), (k2, 1));
        assert_eq!(b.count(Column::Source), 1);
        // The same again changes nothing; an older line from the base does not win.
        assert!(!b.rebase(vec![line(binh, k2, 2)], replica.pending()));
        assert!(!b.rebase(vec![line(binh, k2, 2), line(binh, k1, 1)], replica.pending()));
        // Once the server refused the move (it left the outbox), An is back where the server has him.
        replica.outbox.clear();
        assert!(b.rebase(vec![line(binh, k2, 2)], replica.pending()));
        assert_eq!(b.target(an), None);
    }
}
