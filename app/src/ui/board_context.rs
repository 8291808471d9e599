//! The planning board's shared state and actions, provided to its components through context.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::board::push_mutations;
use crate::board::{BoardData, BoardState, Column, Filter, KeyDrag, UndoEntry};
use crate::domain::date::Date;
use crate::domain::ids::MemberId;
use crate::domain::plan::PlanEntry;
use crate::sync::ops::{ConfirmTransfer, MoveMember};
use crate::sync::{Mutation, Op, Outcome, PushRequest};

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
    pub confirm_all: RwSignal<bool>,
    pub suggesting: RwSignal<bool>,
    /// The card being dragged (pointer) or lifted (keyboard): memos, so that the 400 cards are
    /// not woken on every pointer move, only when the dragged card changes.
    pub dragged: Memo<Option<MemberId>>,
    pub lifted: Memo<Option<MemberId>>,
    /// Requests sent and not yet answered, and whether anything was saved since the page opened.
    pub in_flight: RwSignal<usize>,
    pub saved: RwSignal<bool>,
    client: StoredValue<(uuid::Uuid, i64)>,
}

/// Creates the board's context from the loaded data and provides it.
pub fn provide_board_context(data: BoardData) -> BoardContext {
    let pointer = RwSignal::new(None::<PointerDrag>);
    let key_drag = RwSignal::new(None::<KeyDrag>);
    let ctx = BoardContext {
        state: RwSignal::new(BoardState::new(data)),
        filter: RwSignal::new(Filter::default()),
        pointer,
        key_drag,
        dragged: Memo::new(move |_| pointer.with(|p| p.filter(|p| p.active).map(|p| p.member))),
        lifted: Memo::new(move |_| key_drag.with(|k| k.map(|k| k.member))),
        in_flight: RwSignal::new(0),
        saved: RwSignal::new(false),
        announce: RwSignal::new(String::new()),
        notice: RwSignal::new(None),
        undo: RwSignal::new(Vec::new()),
        open_menu: RwSignal::new(None),
        open_confirm: RwSignal::new(None),
        confirm_all: RwSignal::new(false),
        suggesting: RwSignal::new(false),
        // One device identity per page load; the offline outbox will keep it across loads.
        client: StoredValue::new((uuid::Uuid::now_v7(), 0)),
    };
    provide_context(ctx);
    ctx
}

/// The board's context.
pub fn use_board() -> BoardContext {
    expect_context::<BoardContext>()
}

/// The browser's clock in milliseconds since the epoch (0 while rendering on the server).
pub fn now_millis() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        leptos::web_sys::js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

impl BoardContext {
    fn say(self, error: bool, text: impl Into<String>) {
        let text = text.into();
        self.announce.set(text.clone());
        self.notice.set(Some(Notice { error, text }));
    }

    fn mutation(self, op: &Op, base_version: Option<i64>) -> Mutation {
        let (client_id, seq) = self.client.get_value();
        self.client.set_value((client_id, seq + 1));
        Mutation::new(seq + 1, op, base_version, now_millis())
    }

    /// Moves cards (one, or a batch), optimistically, and sends the mutations. A refusal puts the
    /// card back and says why. `undo_label` records the action for undo.
    pub fn move_cards(self, moves: Vec<(MemberId, Column)>, undo_label: Option<String>) -> bool {
        let mut done = Vec::new();
        let mut mutations = Vec::new();
        for (member, to) in moves {
            let previous = self.state.with_untracked(|s| s.entry(member).cloned());
            match self.state.try_update(|s| s.apply(member, to)) {
                Some(Ok((mv, base))) => {
                    let campaign_id = self.state.with_untracked(|s| s.data.campaign.id);
                    let op = Op::MoveMember(MoveMember { campaign_id, member_id: member, target_branch_id: mv.to });
                    mutations.push(self.mutation(&op, Some(base)));
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
        let (count, names) = self.state.with_untracked(|s| {
            let first = done.first().map(|(mv, _)| {
                let name = s.member(mv.member).map(|m| m.full_name.as_str().to_string()).unwrap_or_default();
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
        let reverts = done;
        self.send(mutations, move |ctx, index, outcome| match outcome {
            Outcome::Rejected { message, current, .. } => {
                let (mv, prev) = reverts[index].clone();
                let server: Option<PlanEntry> = current.and_then(|c| serde_json::from_value(c).ok());
                ctx.state.update(|s| match server {
                    Some(entry) => s.set_entry(entry),
                    None => s.revert(mv, prev),
                });
                ctx.say(true, format!("Máy chủ không nhận thay đổi: {message}"));
            }
            Outcome::Applied { warning: Some(w), .. } => ctx.say(false, format!("Đã lưu. Lưu ý: {w}.")),
            _ => {}
        });
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

    /// Confirms the planned transfers of `members`.
    pub fn confirm(self, members: Vec<MemberId>, effective_on: Date, letter_no: String) {
        let campaign_id = self.state.with_untracked(|s| s.data.campaign.id);
        let mut previous = Vec::new();
        let mut mutations = Vec::new();
        for member in members {
            let (entry, base) = self.state.with_untracked(|s| (s.entry(member).cloned(), s.version(member)));
            let op = Op::ConfirmTransfer(ConfirmTransfer { campaign_id, member_id: member, effective_on, letter_no: letter_no.clone() });
            mutations.push(self.mutation(&op, Some(base)));
            self.state.update(|s| s.mark_confirmed(member));
            previous.push(entry);
        }
        self.say(false, format!("Đã xác nhận chuyển sinh hoạt {} đảng viên.", mutations.len()));
        self.send(mutations, move |ctx, index, outcome| {
            if let Outcome::Rejected { message, .. } = outcome
                && let Some(entry) = previous[index].clone()
            {
                ctx.state.update(|s| s.set_entry(entry));
                ctx.say(true, format!("Chưa xác nhận được: {message}"));
            }
        });
    }

    /// Pushes mutations; `on_result` sees each outcome. A failed request undoes all of them.
    fn send(self, mutations: Vec<Mutation>, on_result: impl Fn(BoardContext, usize, Outcome) + 'static) {
        if mutations.is_empty() {
            return;
        }
        let client_id = self.client.get_value().0;
        let count = mutations.len();
        self.in_flight.update(|n| *n += 1);
        spawn_local(async move {
            let reply = push_mutations(PushRequest { client_id, mutations }).await;
            self.in_flight.update(|n| *n = n.saturating_sub(1));
            self.saved.set(true);
            match reply {
                Ok(reply) => {
                    for (index, result) in reply.results.into_iter().enumerate().take(count) {
                        on_result(self, index, result.outcome);
                    }
                }
                Err(e) => {
                    for index in 0..count {
                        on_result(
                            self,
                            index,
                            Outcome::Rejected { reason: crate::sync::RejectReason::Invalid, message: e.to_string(), current: None },
                        );
                    }
                }
            }
        });
    }
}
