use leptos::prelude::*;

use super::board_context::use_board;
use crate::board::Filter;
use crate::domain::member::JobCategory;

/// Search, filters, undo, suggestion and confirmation of the whole campaign.
#[component]
pub fn BoardToolbar() -> impl IntoView {
    let ctx = use_board();
    let can_edit = ctx.state.with_untracked(|s| s.data.can_edit);
    let set = move |f: fn(&mut Filter, String)| move |ev| ctx.filter.update(|filter| f(filter, event_target_value(&ev)));
    let check = move |f: fn(&mut Filter, bool)| move |ev| ctx.filter.update(|filter| f(filter, event_target_checked(&ev)));
    let confirmable = move || ctx.state.with(|s| s.confirmable().len());
    let suggestions = move || ctx.state.with(|s| s.suggestions().len());
    view! {
        <div class="toolbar" role="search">
            <label class="grow">
                "Tìm đảng viên"
                <input type="search" placeholder="Họ tên, không cần dấu" on:input=set(|f, v| f.text = v)/>
            </label>
            <label>
                "Công việc"
                <select on:change=set(|f, v| f.job = JobCategory::from_code(&v))>
                    <option value="">"Tất cả"</option>
                    {JobCategory::ALL.iter().map(|j| view! { <option value=j.code()>{j.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" on:change=check(|f, v| f.leaders_only = v)/>"Lãnh đạo, cấp ủy"</label>
            <label class="check"><input type="checkbox" on:change=check(|f, v| f.unplanned_only = v)/>"Chưa phân công"</label>
            <label class="check"><input type="checkbox" on:change=check(|f, v| f.mismatched_only = v)/>"Khác nơi cư trú"</label>
        </div>
        {can_edit.then(|| view! {
            <div class="toolbar actions">
                <button type="button" class="small" disabled=move || ctx.undo.with(Vec::is_empty)
                    title="Ctrl+Z" on:click=move |_| ctx.undo_last()>"Hoàn tác"</button>
                <button type="button" class="small" disabled=move || suggestions() == 0
                    on:click=move |_| ctx.suggesting.set(true)>"Gợi ý theo nơi cư trú"</button>
                <button type="button" class="small" disabled=move || confirmable() == 0
                    on:click=move |_| ctx.confirm_all.set(true)>{move || format!("Xác nhận tất cả ({})", confirmable())}</button>
            </div>
        })}
    }
}
