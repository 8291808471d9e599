use leptos::prelude::*;

use super::board_card;
use super::board_column::BoardColumn;
use super::board_context::{BoardContext, provide_board_context};
use super::board_toolbar::BoardToolbar;
use super::confirm_form::ConfirmForm;
use super::suggestion_panel::SuggestionPanel;
use crate::board::{BoardData, Column};
use crate::client::Link;

/// While a touch drag is active, the page must not scroll: a non-passive `touchmove` listener
/// (delegated listeners are passive) cancels the scroll. Ctrl+Z undoes.
fn global_listeners(ctx: BoardContext) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    let options = leptos::web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    let block = Closure::<dyn Fn(leptos::web_sys::Event)>::new(move |ev: leptos::web_sys::Event| {
        if ctx.pointer.try_with_untracked(|p| p.is_some_and(|p| p.active)).unwrap_or(false) {
            ev.prevent_default();
        }
    });
    let _ =
        document().add_event_listener_with_callback_and_add_event_listener_options("touchmove", block.as_ref().unchecked_ref(), &options);
    block.forget();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("z") && !typing {
            ev.prevent_default();
            ctx.undo_last();
        }
    });
    on_cleanup(move || handle.remove());
}

/// The interactive board of a campaign in a commune.
#[component]
pub fn PlanningBoard(data: BoardData) -> impl IntoView {
    let ctx = provide_board_context(data);
    Effect::new(move |_| global_listeners(ctx));
    let (campaign, can_edit) = ctx.state.with_untracked(|s| (s.data.campaign.clone(), s.data.can_edit));
    // New columns only ever come last (a branch founded meanwhile): a column keeps its index.
    let columns = Memo::new(move |_| ctx.state.with(|s| s.columns()));
    let ghost = move || {
        ctx.pointer.get().filter(|p| p.active).map(|p| {
            let (name, refusal) = ctx.state.with_untracked(|s| {
                let name = s.member_name(p.member);
                (name, p.over.and_then(|c| s.check(p.member, c).err()))
            });
            view! {
                <div class="ghost" aria-hidden="true" style=format!("transform: translate({}px, {}px)", p.at.0 as i32 + 10, p.at.1 as i32 + 10)>
                    <strong>{name}</strong>
                    {refusal.map(|e| view! { <span class="ghost-refusal">{e.to_string()}</span> })}
                </div>
            }
        })
    };
    view! {
        <p class="lead">
            {format!("Đợt {} — {} ", campaign.code, campaign.title)}
            {(!campaign.open).then(|| view! { <span class="badge">"Đã kết thúc"</span> })}
            {(!can_edit && campaign.open).then(|| view! { <span class="badge">"Chỉ xem"</span> })}
        </p>
        <BoardToolbar/>
        <p class="save-state" aria-live="polite">
            {move || match (ctx.engine.unsent_count(), ctx.engine.link.get(), ctx.engine.acknowledged.get()) {
                _ if ctx.engine.with(|r| r.rejected.len()).unwrap_or(0) > 0 => {
                    "Máy chủ không nhận một số thay đổi: hãy chọn trong mục «Cần xử lý» ở đầu trang.".into()
                }
                (0, _, 0) => String::new(),
                (0, _, _) => "Đã lưu mọi thay đổi lên máy chủ.".into(),
                (_, Link::Online, _) => "Đang lưu…".into(),
                (n, _, _) => format!("{n} thay đổi đã lưu trên máy này, chưa gửi: sẽ tự gửi khi có mạng."),
            }}
        </p>
        <p id="huong-dan-keo" class="sr-only">
            "Kéo thẻ bằng chuột, hoặc chạm giữ rồi kéo. Bàn phím: Space để nhấc, mũi tên trái, phải để chọn chi bộ, Space để đặt, Esc để hủy."
        </p>
        <div class="sr-only" aria-live="assertive">{move || ctx.announce.get()}</div>
        {move || ctx.notice.get().map(|n| view! {
            <p class="board-notice" class:board-notice-error=n.error role=if n.error { "alert" } else { "status" }>{n.text}</p>
        })}
        {move || ctx.suggesting.get().then(|| view! { <SuggestionPanel/> })}
        {move || ctx.confirm_all.get().then(|| view! { <ConfirmForm members=ctx.state.with_untracked(|s| s.confirmable())/> })}
        <div
            class="board"
            class:board-dragging=move || ctx.pointer.with(|p| p.is_some_and(|p| p.active))
            on:keydown=move |ev| board_card::on_board_key(ctx, ev)
            on:pointerdown=move |ev| board_card::on_board_pointer_down(ctx, ev)
            on:pointermove=move |ev| board_card::on_board_pointer_move(ctx, ev)
            on:pointerup=move |ev| board_card::on_board_pointer_up(ctx, ev)
            on:pointercancel=move |ev| board_card::on_board_pointer_cancel(ctx, ev)
            on:contextmenu=board_card::on_board_context_menu
        >
            <For each=move || columns.get().into_iter().enumerate() key=|(_, column)| *column let((index, column))>
                <BoardColumn index column/>
            </For>
        </div>
        {ghost}
        {move || (ctx.state.with(|s| s.count(Column::Source)) == 0 && can_edit).then(|| view! {
            <p class="board-notice">"Mọi đảng viên của đợt này đã được phân công."</p>
        })}
    }
}
