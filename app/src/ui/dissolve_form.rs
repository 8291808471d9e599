use leptos::prelude::*;

use super::hydration::before_hydration;
use super::push_now::push_now;
use crate::domain::date::Date;
use crate::domain::ids::BranchId;
use crate::domain::text::required_text;
use crate::sync::OpCall;
use crate::sync::ops::DissolveBranch;

/// "Giải thể chi bộ": date and decision number; the server refuses while members remain.
#[component]
pub fn DissolveForm(branch_id: String, version: i64) -> impl IntoView {
    let open = RwSignal::new(false);
    let date = RwSignal::new(String::new());
    let decision = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let branch = BranchId::parse(&branch_id);
    // Opened before the page's code arrived, the form would not open: the button waits for it.
    let waiting = before_hydration();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(branch_id) = branch else { return };
        let on = match Date::parse_vn(&date.get_untracked()) {
            Ok(d) => d,
            Err(e) => return message.set(Some((true, e.to_string()))),
        };
        let decision_no = match required_text(&decision.get_untracked(), "số quyết định giải thể", 60) {
            Ok(d) => d,
            Err(e) => return message.set(Some((true, e.to_string()))),
        };
        let op = OpCall::from(DissolveBranch { branch_id, on, decision_no });
        leptos::task::spawn_local(async move {
            message.set(Some(match push_now(op, Some(version)).await {
                Ok(_) => (false, "Đã giải thể chi bộ. Tải lại trang để cập nhật danh sách.".into()),
                Err(e) => (true, e),
            }));
        });
    };
    view! {
        <button type="button" class="small" disabled=waiting aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Giải thể chi bộ"</button>
        {move || open.get().then(|| view! {
            <form class="confirm-form" on:submit=submit aria-label="Giải thể chi bộ">
                <label>"Ngày giải thể"<input type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/></label>
                <label>"Số quyết định"<input type="text" prop:value=decision on:input=move |ev| decision.set(event_target_value(&ev))/></label>
                <button type="submit" disabled=waiting class="primary">"Giải thể"</button>
            </form>
        })}
        {move || message.get().map(|(error, text)| view! { <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p> })}
    }
}
