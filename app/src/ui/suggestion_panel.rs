use leptos::prelude::*;

use super::board_context::use_board;
use crate::board::Column;

/// "Gợi ý theo nơi cư trú": the batch to review before it is applied (and undone in one step).
#[component]
pub fn SuggestionPanel() -> impl IntoView {
    let ctx = use_board();
    let rows = ctx.state.with_untracked(|s| {
        s.suggestions().into_iter().map(|(m, b)| (m, b, s.member_name(m), s.column_title(Column::Branch(b)))).collect::<Vec<_>>()
    });
    let batch: Vec<_> = rows.iter().map(|(m, b, _, _)| (*m, Column::Branch(*b))).collect();
    let count = rows.len();
    view! {
        <section class="panel review" aria-label="Gợi ý theo nơi cư trú">
            <h2>{format!("Gợi ý: phân {count} đảng viên về chi bộ nơi cư trú")}</h2>
            <table class="history">
                <thead><tr><th scope="col">"Đảng viên"</th><th scope="col">"Chi bộ gợi ý"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(_, _, name, branch)| view! { <tr><td>{name}</td><td>{branch}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <div class="row">
                <button type="button" class="primary" on:click=move |_| {
                    ctx.suggesting.set(false);
                    ctx.move_cards(batch.clone(), Some("gợi ý theo nơi cư trú".into()));
                }>"Áp dụng gợi ý"</button>
                <button type="button" class="small" on:click=move |_| ctx.suggesting.set(false)>"Bỏ qua"</button>
            </div>
        </section>
    }
}
