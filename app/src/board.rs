//! The planning board's state and its transitions, pure: what the board shows, which moves the
//! rules allow (through `domain::plan`), the keyboard drag, suggestions and undo. The components
//! only render this and forward events.

mod data;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use data::{BoardData, BoardSource};

use crate::domain::DomainError;
use crate::domain::branch::{Branch, BranchKind};
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::member::{JobCategory, MemberCard};
use crate::domain::plan::{self, PlanEntry, PlanWarning};
use crate::domain::text::fold;
use crate::sync::Mutation;
use crate::sync::replica::project_plan;

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
    /// Display order of all cards (as the data comes, by given name; keyboard moves can reorder).
    pub order: Vec<MemberId>,
    plans: HashMap<MemberId, PlanEntry>,
    /// Position of each member in `data.members`, and each member's home branch.
    index: HashMap<MemberId, (usize, Option<BranchId>)>,
}

impl BoardState {
    /// The board as loaded (in display order: [`BoardData::assemble`] sorts it).
    pub fn new(data: BoardData) -> Self {
        let order = data.members.iter().map(|m| m.id).collect();
        let plans = data.plans.iter().map(|p| (p.member_id, p.clone())).collect();
        let index =
            data.members.iter().enumerate().map(|(i, m)| (m.id, (i, plan::suggest_target(m, &data.branches).map(|b| b.id)))).collect();
        Self { data, order, plans, index }
    }

    /// The columns, source first, then the branches by name (a branch founded while the board
    /// is open comes last, so that no column moves under the user).
    pub fn columns(&self) -> Vec<Column> {
        std::iter::once(Column::Source).chain(self.data.branches.iter().map(|b| Column::Branch(b.id))).collect()
    }

    /// Takes in the branches a pull brought: an active residential branch of this commune that
    /// the board does not have becomes a column (with its hamlet's name, for the cards), and the
    /// suggestions by residence count it. Whether anything changed.
    pub fn add_branches(&mut self, pulled: &[Branch], hamlets: &[(UnitId, String)]) -> bool {
        let commune = self.data.commune_id;
        let new: Vec<Branch> = pulled
            .iter()
            .filter(|b| b.commune_id == Some(commune) && b.kind == BranchKind::Residential && b.is_active())
            .filter(|b| !self.data.branches.iter().any(|known| known.id == b.id))
            .cloned()
            .collect();
        if new.is_empty() {
            return false;
        }
        for (id, name) in hamlets {
            if !self.data.hamlets.iter().any(|(known, _)| known == id) {
                self.data.hamlets.push((*id, name.clone()));
            }
        }
        self.data.branches.extend(new);
        for (i, m) in self.data.members.iter().enumerate() {
            self.index.insert(m.id, (i, plan::suggest_target(m, &self.data.branches).map(|b| b.id)));
        }
        true
    }

    /// The title of a column.
    pub fn column_title(&self, column: Column) -> String {
        match column {
            Column::Source => "Chờ phân công".into(),
            Column::Branch(id) => self.branch(id).map(|b| b.name.clone()).unwrap_or_default(),
        }
    }

    pub fn member(&self, id: MemberId) -> Option<&MemberCard> {
        self.index.get(&id).and_then(|(i, _)| self.data.members.get(*i))
    }

    /// A member's full name, as the board's messages say it (empty for one not on the board).
    pub fn member_name(&self, id: MemberId) -> String {
        self.member(id).map(|m| m.full_name.clone()).unwrap_or_default()
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

    /// Whether the user may still move or confirm the member (an editable board, not confirmed).
    pub fn can_change(&self, member: MemberId) -> bool {
        self.data.can_edit && !self.is_confirmed(member)
    }

    /// The branch of the member's residence hamlet.
    pub fn home(&self, member: &MemberCard) -> Option<BranchId> {
        self.index.get(&member.id).and_then(|(_, home)| *home)
    }

    /// Planned elsewhere than the branch of the member's hamlet.
    pub fn is_mismatch(&self, member: &MemberCard) -> bool {
        self.target(member.id).is_some_and(|t| Some(t) != self.home(member))
    }

    fn matches(&self, m: &MemberCard, f: &Filter) -> bool {
        let text = fold(f.text.trim());
        (text.is_empty() || fold(&m.full_name).contains(&text))
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
mod tests;
