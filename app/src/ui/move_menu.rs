use leptos::prelude::*;

use super::board_context::use_board;
use crate::board::Column;
use crate::domain::ids::MemberId;

/// "Chuyển đến…": the plain alternative to dragging, on every card.
#[component]
pub fn MoveMenu(member: MemberId, name: String) -> impl IntoView {
    let ctx = use_board();
    let open = move || ctx.is_menu_open(member);
    let toggle = move |_| ctx.open_menu.update(|o| *o = if *o == Some(member) { None } else { Some(member) });
    let label = format!("Chuyển {name} đến");
    view! {
        <div class="menu-wrap">
            <button type="button" class="small" aria-haspopup="menu" aria-expanded=move || open().to_string() on:click=toggle>
                "Chuyển đến…"
            </button>
            {move || open().then(|| {
                let here = ctx.state.with_untracked(|s| Column::of(s.target(member)));
                let choices: Vec<(Column, String)> = ctx.state.with_untracked(|s| {
                    s.columns().into_iter().filter(|c| *c != here).map(|c| (c, s.column_title(c))).collect()
                });
                let label = label.clone();
                let name = name.clone();
                view! {
                    <ul class="menu" role="menu" aria-label=label
                        on:keydown=move |ev| if ev.key() == "Escape" { ctx.open_menu.set(None) }>
                        {choices.into_iter().map(|(column, title)| {
                            let name = name.clone();
                            view! {
                                <li role="none">
                                    <button type="button" role="menuitem" on:click=move |_| {
                                        ctx.move_cards(vec![(member, column)], Some(format!("chuyển {name}")));
                                        ctx.open_menu.set(None);
                                    }>{title}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </div>
    }
}
