use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::Element;
use std::time::Duration;

use super::board_context::{BoardContext, CardFlags, PointerDrag, use_board};
use super::confirm_form::ConfirmForm;
use super::member_badges::badge_class;
use super::move_menu::MoveMenu;
use crate::board::{Column, Key, KeyDrag};
use crate::domain::ids::MemberId;
use crate::domain::member::Badge;

/// The id of a card's handle, to give the focus back after a move.
pub fn handle_id(member: MemberId) -> String {
    format!("the-{member}")
}

/// The board column under a point of the screen.
pub fn column_at(ctx: BoardContext, x: f64, y: f64) -> Option<Column> {
    let el = document().element_from_point(x as f32, y as f32)?;
    let col = el.closest("[data-column]").ok()??;
    let index: usize = col.get_attribute("data-column")?.parse().ok()?;
    ctx.state.with_untracked(|s| s.columns().get(index).copied())
}

fn focus_handle(member: MemberId) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&handle_id(member)).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

fn on_key(ctx: BoardContext, member: MemberId, name: &str, ev: KeyboardEvent) {
    let columns = ctx.state.with_untracked(|s| s.columns());
    let lifted = ctx.key_drag.get_untracked().filter(|k| k.member == member);
    let title = |i: usize| ctx.state.with_untracked(|s| s.column_title(columns[i]));
    match (ev.key().as_str(), lifted) {
        (" " | "Enter", None) => {
            ev.prevent_default();
            let origin = ctx.state.with_untracked(|s| Column::of(s.target(member)));
            let over = columns.iter().position(|c| *c == origin).unwrap_or(0);
            ctx.key_drag.set(Some(KeyDrag { member, origin, over }));
            ctx.announce.set(format!(
                "Đã nhấc {name} ở cột {}. Mũi tên trái, phải để chọn chi bộ; lên, xuống để đổi vị trí; Space để đặt; Esc để hủy.",
                title(over)
            ));
        }
        (" " | "Enter", Some(k)) => {
            ev.prevent_default();
            ctx.key_drag.set(None);
            let to = columns[k.over];
            if to == k.origin {
                ctx.announce.set(format!("Đã đặt {name} tại chỗ, cột {}.", title(k.over)));
            } else {
                ctx.move_cards(vec![(member, to)], Some(format!("chuyển {name}")));
            }
            focus_handle(member);
        }
        ("ArrowLeft" | "ArrowRight", Some(k)) => {
            ev.prevent_default();
            let next = k.step(if ev.key() == "ArrowLeft" { Key::Left } else { Key::Right }, columns.len());
            ctx.key_drag.set(Some(next));
            let refusal = ctx.state.with_untracked(|s| s.check(member, columns[next.over]).err());
            let mut text = format!("{} ({}/{}).", title(next.over), next.over + 1, columns.len());
            if let Some(e) = refusal {
                text.push_str(&format!(" Không thể đặt ở đây: {e}"));
            }
            ctx.announce.set(text);
        }
        ("ArrowUp" | "ArrowDown", Some(k)) => {
            ev.prevent_default();
            if columns[k.over] == k.origin {
                let delta = if ev.key() == "ArrowUp" { -1 } else { 1 };
                if let Some((pos, of)) = ctx.state.try_update(|s| s.reposition(member, delta)).flatten() {
                    ctx.announce.set(format!("Vị trí {pos} trên {of}."));
                    focus_handle(member);
                }
            }
        }
        ("Escape", Some(k)) => {
            ev.prevent_default();
            ctx.key_drag.set(None);
            ctx.announce.set(format!("Đã hủy. {name} vẫn ở cột {}.", ctx.state.with_untracked(|s| s.column_title(k.origin))));
        }
        _ => {}
    }
}

fn on_pointer_down(ctx: BoardContext, member: MemberId, handle: &Element, ev: PointerEvent) {
    if ev.button() != 0 || ctx.key_drag.get_untracked().is_some() {
        return;
    }
    let touch = ev.pointer_type() != "mouse";
    let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let _ = handle.set_pointer_capture(ev.pointer_id());
    if !touch {
        ev.prevent_default();
    }
    ctx.pointer.set(Some(PointerDrag { member, pointer_id: ev.pointer_id(), start: at, at, active: !touch, over: None }));
    if touch {
        // Press and hold: the drag starts after 250 ms without moving, so a swipe still scrolls.
        set_timeout(
            move || {
                ctx.pointer.update(|p| {
                    if let Some(p) = p.as_mut().filter(|p| p.member == member) {
                        p.active = true;
                    }
                })
            },
            Duration::from_millis(250),
        );
    }
}

fn on_pointer_move(ctx: BoardContext, member: MemberId, ev: PointerEvent) {
    let Some(p) = ctx.pointer.get_untracked().filter(|p| p.member == member && p.pointer_id == ev.pointer_id()) else { return };
    let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    if !p.active {
        if (at.0 - p.start.0).hypot(at.1 - p.start.1) > 5.0 {
            ctx.pointer.set(None);
        }
        return;
    }
    ctx.pointer.set(Some(PointerDrag { at, over: column_at(ctx, at.0, at.1), ..p }));
}

fn on_pointer_up(ctx: BoardContext, member: MemberId, name: &str, ev: PointerEvent) {
    let Some(p) = ctx.pointer.get_untracked().filter(|p| p.member == member) else { return };
    ctx.pointer.set(None);
    if !p.active {
        return;
    }
    let here = ctx.state.with_untracked(|s| Column::of(s.target(member)));
    match column_at(ctx, f64::from(ev.client_x()), f64::from(ev.client_y())) {
        Some(to) if to != here => {
            ctx.move_cards(vec![(member, to)], Some(format!("chuyển {name}")));
        }
        _ => ctx.announce.set(format!("{name} vẫn ở chỗ cũ.")),
    }
}

/// The card whose handle an event on the board comes from, with that handle. The board listens
/// once for all its cards (the `on_board_*` handlers, on the board in `PlanningBoard`): a listener
/// per event on each of 400 handles made 2,400 closures to create while the board hydrated.
fn card_of(ev: &leptos::web_sys::Event) -> Option<(MemberId, Element)> {
    let handle = ev.target()?.dyn_into::<Element>().ok()?.closest(".card-handle").ok()??;
    let member = MemberId::parse(handle.id().strip_prefix("the-")?)?;
    Some((member, handle))
}

fn name_of(ctx: BoardContext, member: MemberId) -> String {
    ctx.state.with_untracked(|s| s.member_name(member))
}

/// What the board does with the events of its cards' handles: keyboard lifting, pointer drags.
pub fn on_board_key(ctx: BoardContext, ev: KeyboardEvent) {
    if let Some((member, _)) = card_of(&ev) {
        on_key(ctx, member, &name_of(ctx, member), ev);
    }
}

pub fn on_board_pointer_down(ctx: BoardContext, ev: PointerEvent) {
    if let Some((member, handle)) = card_of(&ev) {
        on_pointer_down(ctx, member, &handle, ev);
    }
}

pub fn on_board_pointer_move(ctx: BoardContext, ev: PointerEvent) {
    if let Some((member, _)) = card_of(&ev) {
        on_pointer_move(ctx, member, ev);
    }
}

pub fn on_board_pointer_up(ctx: BoardContext, ev: PointerEvent) {
    if let Some((member, _)) = card_of(&ev) {
        on_pointer_up(ctx, member, &name_of(ctx, member), ev);
    }
}

pub fn on_board_pointer_cancel(ctx: BoardContext, ev: PointerEvent) {
    if card_of(&ev).is_some() {
        ctx.pointer.set(None);
    }
}

/// A long press on a handle starts a drag, not the browser's menu.
pub fn on_board_context_menu(ev: leptos::ev::MouseEvent) {
    if card_of(&ev).is_some() {
        ev.prevent_default();
    }
}

/// A card's badges as (class, text, tooltip): the member's own, then what the plan says of the
/// card (its flags).
fn card_badges(own: &[Badge], f: CardFlags) -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    let own = own.iter().map(|b| (badge_class(*b), b.label(), None));
    let plan = [
        (f.mismatch, "badge badge-warn", "Khác nơi cư trú", Some("Chi bộ đến không phải chi bộ nơi đảng viên cư trú")),
        (f.confirmed, "badge badge-open", "Đã xác nhận", None),
        (f.unsent, "badge badge-unsent", "Chưa gửi", Some("Thay đổi đã lưu trên máy này, chưa gửi lên máy chủ")),
    ];
    own.chain(plan.into_iter().filter(|b| b.0).map(|(_, class, label, title)| (class, label, title))).collect()
}

/// A member's card: drag handle (mouse, touch, keyboard; its events are the board's, see
/// `card_of`), badges, menu and confirmation.
#[component]
pub fn BoardCard(member: MemberId) -> impl IntoView {
    let ctx = use_board();
    let Some((m, hamlet)) =
        ctx.state.with_untracked(|s| s.member(member).cloned().map(|m| (m.clone(), s.hamlet_name(m.residence_id).to_string())))
    else {
        return ().into_any();
    };
    let name = m.full_name.clone();
    // What the card says of the member is fixed while the board is open: one text each.
    let meta = format!("{} · {}", m.job_category.label(), m.field.label());
    let home = format!("Cư trú: {hamlet}");
    // The card's own flags: a move elsewhere on the board does not wake this card. The badges
    // read them directly (a card's flags change only with its own member's line).
    let flags = ctx.card(member);
    let confirmed = move || flags.with(|f| f.confirmed);
    let planned = move || flags.with(|f| f.planned);
    let lifted = move || ctx.is_lifted(member);
    // One class attribute, not one reactive class each: fewer effects to create per card.
    let class = move || {
        let mut class = String::from("card");
        for (on, name) in [(lifted(), " card-lifted"), (ctx.is_dragged(member), " card-dragging"), (confirmed(), " card-locked")] {
            if on {
                class.push_str(name);
            }
        }
        class
    };
    let own = m.badges();
    // The right to edit is fixed while the board is open. The actions of an editable card are
    // always in the page and hidden once it is confirmed: an attribute to update, instead of a
    // part of the page drawn again (and fewer nodes for the browser to hydrate on 400 cards).
    let editable = ctx.state.with_untracked(|s| s.data.can_edit);
    // Whether the card may still move (the board's rule) changes only with its flags.
    let locked = move || {
        flags.track();
        !ctx.state.with_untracked(|s| s.can_change(member))
    };
    view! {
        <li class=class>
            <button type="button" class="card-handle" id=handle_id(member) aria-describedby="huong-dan-keo" aria-pressed=move || lifted().to_string()>
                <span class="grip" aria-hidden="true">"⠿"</span>
                <span class="card-name">{name.clone()}</span>
            </button>
            <span class="card-meta">{meta}</span>
            <span class="card-meta">{home}</span>
            // All the badges in one part: those of the plan change with the card's flags.
            <span class="badges">
                {move || card_badges(&own, flags.get()).into_iter().map(|(class, label, title)| view! {
                    <span class=class title=title>{label}</span>
                }).collect_view()}
            </span>
            {editable.then(|| view! {
                <div class="card-actions" hidden=locked>
                    <MoveMenu member name/>
                    <button type="button" class="small" hidden=move || !planned()
                        on:click=move |_| ctx.open_confirm.update(|o| *o = if *o == Some(member) { None } else { Some(member) })>
                        "Xác nhận"
                    </button>
                </div>
            })}
            {move || ctx.is_confirm_open(member).then(|| view! { <ConfirmForm members=vec![member]/> })}
        </li>
    }
    .into_any()
}
