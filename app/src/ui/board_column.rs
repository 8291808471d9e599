use leptos::prelude::*;

use super::board_card::BoardCard;
use super::board_context::use_board;
use crate::board::Column;

/// One column: the source ("Chờ phân công") or a hamlet branch.
#[component]
pub fn BoardColumn(index: usize, column: Column) -> impl IntoView {
    let ctx = use_board();
    let title = ctx.state.with_untracked(|s| s.column_title(column));
    let label = title.clone();
    let sources = ctx.state.with_untracked(|s| s.data.sources.clone());
    let over = move || {
        ctx.pointer.with(|p| p.is_some_and(|p| p.active && p.over == Some(column)))
            || ctx.key_drag.with(|k| k.is_some_and(|k| k.over == index))
    };
    let refused = move || {
        let member = ctx.pointer.with(|p| p.filter(|p| p.active && p.over == Some(column)).map(|p| p.member));
        let member = member.or_else(|| ctx.key_drag.with(|k| k.filter(|k| k.over == index).map(|k| k.member)));
        member.is_some_and(|m| ctx.state.with_untracked(|s| s.check(m, column).is_err()))
    };
    view! {
        <section class="column" data-column=index aria-label=label class:drop-target=over class:drop-refused=refused>
            <h2 class="column-title">{title}<span class="column-count" aria-label="số đảng viên">{move || ctx.state.with(|s| s.count(column))}</span></h2>
            {(column == Column::Source && !sources.is_empty()).then(|| view! {
                <p class="muted small-text">
                    "Đang sinh hoạt tại: "
                    {sources.iter().map(|(n, c)| format!("{n} ({c})")).collect::<Vec<_>>().join(", ")}
                </p>
            })}
            <ul class="cards">
                <For
                    each=move || ctx.state.with(|s| ctx.filter.with(|f| s.cards(column, f)))
                    key=|m| *m
                    children=move |member| view! { <BoardCard member/> }
                />
            </ul>
        </section>
    }
}
