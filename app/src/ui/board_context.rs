//! The planning board's shared state and actions, provided to its components through context.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::board::{BoardData, BoardState, Column, Filter, KeyDrag, UndoEntry};
use crate::client::{SyncEngine, use_sync};
use crate::domain::date::Date;
use crate::domain::ids::MemberId;
use crate::domain::plan::PlanEntry;
use crate::sync::OpCall;
use crate::sync::ops::{ConfirmTransfer, MoveMember};

/// A card being dragged with a pointer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointerDrag {
    pub member: MemberId,
    pub pointer_id: i32,
    pub start: (f64, f64),
    pub at: (f64, f64),
    /// A touch drag becomes active after the long press; a mouse drag at once.
    pub active: bool,
    pub over: Option<Column>,
}

/// A message above the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// The board's signals. `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
pub struct BoardContext {
    pub state: RwSignal<BoardState>,
    pub filter: RwSignal<Filter>,
    pub pointer: RwSignal<Option<PointerDrag>>,
    pub key_drag: RwSignal<Option<KeyDrag>>,
    pub announce: RwSignal<String>,
    pub notice: RwSignal<Option<Notice>>,
    pub undo: RwSignal<Vec<UndoEntry>>,
    /// The card whose "Chuyển đến…" menu or confirmation form is open.
    pub open_menu: RwSignal<Option<MemberId>>,
    pub open_confirm: RwSignal<Option<MemberId>>,
    /// The same, per card (see `dragged`).
    menu_open: StoredValue<Selector<Option<MemberId>>>,
    confirm_open: StoredValue<Selector<Option<MemberId>>>,
    pub confirm_all: RwSignal<bool>,
    pub suggesting: RwSignal<bool>,
    /// The card being dragged (pointer) or lifted (keyboard), as selectors: when the dragged card
    /// changes, only the two cards concerned wake, not the 400 (a memo read by every card woke them
    /// all on each drag and drop, and their unsubscribing cost the square of their number).
    dragged: StoredValue<Selector<Option<MemberId>>>,
    lifted: StoredValue<Selector<Option<MemberId>>>,
    /// The device's sync engine: changes go through its outbox.
    pub engine: SyncEngine,
    /// Members with a change the server has not acknowledged yet ("chưa gửi").
    pub unsent: Memo<HashSet<MemberId>>,
    /// What each card shows of its member's line, one signal per card: a move wakes the moved
    /// card only. (Were the 400 cards to read `state` themselves, each move would wake them all,
    /// and their unsubscribing from a signal with hundreds of readers costs the square of it.)
    cards: StoredValue<HashMap<MemberId, RwSignal<CardFlags>>>,
}

/// What a card shows of its member's line, as the board's rules decide it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardFlags {
    pub planned: bool,
    pub confirmed: bool,
    pub mismatch: bool,
    pub unsent: bool,
}

impl CardFlags {
    fn of(s: &BoardState, unsent: &HashSet<MemberId>, member: MemberId) -> Self {
        Self {
            planned: s.target(member).is_some(),
            confirmed: s.is_confirmed(member),
            mismatch: s.member(member).is_some_and(|m| s.is_mismatch(m)),
            unsent: unsent.contains(&member),
        }
    }
}

/// Creates the board's context from the loaded data and provides it.
pub fn provide_board_context(data: BoardData) -> BoardContext {
    let engine = use_sync();
    let state = BoardState::new(data);
    let unsent: HashSet<MemberId> = engine.with_untracked(|r| r.unsent_members().into_iter().collect()).unwrap_or_default();
    let cards = state.data.members.iter().map(|m| (m.id, RwSignal::new(CardFlags::of(&state, &unsent, m.id)))).collect();
    let pointer = RwSignal::new(None::<PointerDrag>);
    let key_drag = RwSignal::new(None::<KeyDrag>);
    let (open_menu, open_confirm) = (RwSignal::new(None), RwSignal::new(None));
    let ctx = BoardContext {
        state: RwSignal::new(state),
        filter: RwSignal::new(Filter::default()),
        pointer,
        key_drag,
        dragged: StoredValue::new(Selector::new(move || pointer.with(|p| p.filter(|p| p.active).map(|p| p.member)))),
        lifted: StoredValue::new(Selector::new(move || key_drag.with(|k| k.map(|k| k.member)))),
        engine,
        unsent: Memo::new(move |_| engine.with(|r| r.unsent_members().into_iter().collect()).unwrap_or_default()),
        announce: RwSignal::new(String::new()),
        notice: RwSignal::new(None),
        undo: RwSignal::new(Vec::new()),
        open_menu,
        open_confirm,
        menu_open: StoredValue::new(Selector::new(move || open_menu.get())),
        confirm_open: StoredValue::new(Selector::new(move || open_confirm.get())),
        confirm_all: RwSignal::new(false),
        suggesting: RwSignal::new(false),
        cards: StoredValue::new(cards),
    };
    provide_context(ctx);
    // Each card's flags, set only where they changed.
    Effect::new(move |_| {
        ctx.unsent.with(|unsent| {
            ctx.state.with(|s| {
                ctx.cards.with_value(|cards| {
                    for (&member, flags) in cards {
                        let now = CardFlags::of(s, unsent, member);
                        if flags.get_untracked() != now {
                            flags.set(now);
                        }
                    }
                })
            })
        })
    });
    // The board as this device knows it: the page's data, the device's newer pulls, and its
    // pending changes on top; again whenever the replica changes (a pull, a push, a rejection).
    // The pulled lines are read again only when a pull moved the cursor (not on every move),
    // and then only those the pull changed.
    let cursor = Memo::new(move |_| engine.with(|r| (r.client_id, r.cursor)));
    let base = Memo::new(move |known: Option<&Option<Vec<PlanEntry>>>| {
        // Read, not only tracked: a memo nobody reads is never brought up to date.
        cursor.get()?;
        let known = known.and_then(Option::as_deref).unwrap_or_default();
        engine.with_untracked(|r| r.base_plans_after(known))
    });
    // A branch founded in the commune while the board is open becomes a column.
    let commune = ctx.state.with_untracked(|s| s.data.commune_id);
    Effect::new(move |_| {
        cursor.get();
        let Some((branches, hamlets)) = engine.with_untracked(|r| BoardData::pulled_branches(&r.base, commune)) else { return };
        ctx.state.maybe_update(|s| s.add_branches(&branches, &hamlets));
    });
    let pending = Memo::new(move |_| engine.with(|r| r.pending().cloned().collect::<Vec<_>>()));
    Effect::new(move |_| {
        let (Some(base), Some(pending)) = (base.get(), pending.get()) else { return };
        ctx.state.maybe_update(|s| s.rebase(base, &pending));
    });
    ctx
}

/// The board's context.
pub fn use_board() -> BoardContext {
    expect_context::<BoardContext>()
}

impl BoardContext {
    /// Whether this card is being dragged with a pointer (tracked for this card only).
    pub fn is_dragged(self, member: MemberId) -> bool {
        self.dragged.with_value(|s| s.selected(&Some(member)))
    }

    /// Whether this card is lifted with the keyboard (tracked for this card only).
    pub fn is_lifted(self, member: MemberId) -> bool {
        self.lifted.with_value(|s| s.selected(&Some(member)))
    }

    /// Whether this card's "Chuyển đến…" menu is open (tracked for this card only).
    pub fn is_menu_open(self, member: MemberId) -> bool {
        self.menu_open.with_value(|s| s.selected(&Some(member)))
    }

    /// Whether this card's confirmation form is open (tracked for this card only).
    pub fn is_confirm_open(self, member: MemberId) -> bool {
        self.confirm_open.with_value(|s| s.selected(&Some(member)))
    }

    /// A card's flags (a card of a member not on the board: none).
    pub fn card(self, member: MemberId) -> Signal<CardFlags> {
        match self.cards.with_value(|c| c.get(&member).copied()) {
            Some(flags) => flags.into(),
            None => Signal::stored(CardFlags::default()),
        }
    }

    fn say(self, error: bool, text: impl Into<String>) {
        let text = text.into();
        self.announce.set(text.clone());
        self.notice.set(Some(Notice { error, text }));
    }

    /// Moves cards (one, or a batch): checked by the rules, stored in the device's outbox, then
    /// shown; the engine sends them. A refusal (a rule, or a full storage) puts the cards back
    /// and says why; a later refusal of the server lands in "Cần xử lý". `undo_label` records
    /// the action for undo.
    pub fn move_cards(self, moves: Vec<(MemberId, Column)>, undo_label: Option<String>) -> bool {
        let mut done = Vec::new();
        let mut ops = Vec::new();
        // The board is told of the moves only once they are queued: the push then starts before
        // the board draws them.
        for (member, to) in moves {
            let previous = self.state.with_untracked(|s| s.entry(member).cloned());
            match self.state.try_update_untracked(|s| s.apply(member, to)) {
                Some(Ok((mv, base))) => {
                    let campaign_id = self.state.with_untracked(|s| s.data.campaign.id);
                    let op = OpCall::from(MoveMember { campaign_id, member_id: member, target_branch_id: mv.to });
                    ops.push((op, Some(base)));
                    done.push((mv, previous));
                }
                Some(Err(e)) => {
                    for (mv, prev) in done.into_iter().rev() {
                        self.state.update(|s| s.revert(mv, prev));
                    }
                    self.say(true, format!("Không thể chuyển: {e}"));
                    return false;
                }
                None => return false,
            }
        }
        if let Err(e) = self.engine.enqueue(ops) {
            for (mv, prev) in done.into_iter().rev() {
                self.state.update(|s| s.revert(mv, prev));
            }
            self.say(true, e);
            return false;
        }
        self.state.notify();
        let (count, names) = self.state.with_untracked(|s| {
            let first = done.first().map(|(mv, _)| {
                let name = s.member_name(mv.member);
                (name, s.column_title(Column::of(mv.to)))
            });
            (done.len(), first)
        });
        match (count, names) {
            (1, Some((name, column))) => self.say(false, format!("Đã chuyển {name} đến {column}.")),
            (n, _) if n > 1 => self.say(false, format!("Đã phân công {n} đảng viên.")),
            _ => {}
        }
        if let Some(label) = undo_label {
            self.undo.update(|u| u.push(UndoEntry { label, moves: done.iter().map(|(mv, _)| *mv).collect() }));
        }
        true
    }

    /// Undoes the last action with the inverse moves.
    pub fn undo_last(self) {
        let Some(entry) = self.undo.try_update(|u| u.pop()).flatten() else {
            self.say(false, "Không còn thao tác nào để hoàn tác.");
            return;
        };
        if self.move_cards(entry.inverse(), None) {
            self.say(false, format!("Đã hoàn tác: {}.", entry.label));
        }
    }

    /// Confirms the planned transfers of `members` (through the outbox, like the moves).
    pub fn confirm(self, members: Vec<MemberId>, effective_on: Date, letter_no: String) {
        let campaign_id = self.state.with_untracked(|s| s.data.campaign.id);
        let ops: Vec<_> = members
            .iter()
            .map(|&member| {
                let base = self.state.with_untracked(|s| s.version(member));
                let op = OpCall::from(ConfirmTransfer { campaign_id, member_id: member, effective_on, letter_no: letter_no.clone() });
                (op, Some(base))
            })
            .collect();
        let count = ops.len();
        match self.engine.enqueue(ops) {
            Ok(()) => self.say(false, format!("Đã xác nhận chuyển sinh hoạt {count} đảng viên.")),
            Err(e) => self.say(true, e),
        }
    }
}
