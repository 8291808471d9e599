use leptos::prelude::*;

use crate::api::sync::push_mutations;
use crate::client::now_millis;
use crate::domain::date::Date;
use crate::domain::ids::BranchId;
use crate::domain::text::required_text;
use crate::sync::ops::DissolveBranch;
use crate::sync::{Mutation, Op, Outcome, PushRequest};

/// "Giải thể chi bộ": date and decision number; the server refuses while members remain.
#[component]
pub fn DissolveForm(branch_id: String, version: i64) -> impl IntoView {
    let open = RwSignal::new(false);
    let date = RwSignal::new(String::new());
    let decision = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let branch = BranchId::parse(&branch_id);
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
        let op = Op::DissolveBranch(DissolveBranch { branch_id, on, decision_no });
        let mutation = Mutation::new(1, &op, Some(version), now_millis());
        leptos::task::spawn_local(async move {
            let reply = push_mutations(PushRequest { client_id: uuid::Uuid::now_v7(), mutations: vec![mutation] }).await;
            let outcome = reply.map(|r| r.results.into_iter().next().map(|r| r.outcome));
            message.set(Some(match outcome {
                Ok(Some(Outcome::Applied { .. })) => (false, "Đã giải thể chi bộ. Tải lại trang để cập nhật danh sách.".into()),
                Ok(Some(Outcome::Rejected { message, .. })) => (true, message),
                Ok(_) => (true, "Máy chủ không trả lời rõ ràng; hãy thử lại.".into()),
                Err(e) => (true, e.to_string()),
            }));
        });
    };
    view! {
        <button type="button" class="small" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Giải thể chi bộ"</button>
        {move || open.get().then(|| view! {
            <form class="confirm-form" on:submit=submit aria-label="Giải thể chi bộ">
                <label>"Ngày giải thể"<input type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/></label>
                <label>"Số quyết định"<input type="text" prop:value=decision on:input=move |ev| decision.set(event_target_value(&ev))/></label>
                <button type="submit" class="primary">"Giải thể"</button>
            </form>
        })}
        {move || message.get().map(|(error, text)| view! { <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p> })}
    }
}
