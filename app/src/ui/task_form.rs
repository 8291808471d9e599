use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::FormState;
use super::hydration::before_hydration;
use crate::client::use_sync;
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, MemberId, TaskId};
use crate::domain::member::Field;
use crate::domain::task::{TaskDraft, TaskStatus};
use crate::sync::OpCall;
use crate::sync::ops::SaveTask;

/// "Giao nhiệm vụ": a task from the member's branch; a template of the member's field fills the text.
#[component]
pub fn TaskForm(member: MemberId, branch: BranchId, field: Field, year: i32, templates: Vec<String>, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let text = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let give = move |ev: SubmitEvent| {
        ev.prevent_default();
        let due_on = match due.get_untracked().trim() {
            "" => None,
            d => match Date::parse_vn(d) {
                Ok(d) => Some(d),
                Err(e) => return form.refuse(e),
            },
        };
        let draft = TaskDraft {
            member_id: member,
            branch_id: branch,
            year: due_on.map_or(year, |d| d.year()),
            field,
            text: text.get_untracked(),
            due: due_on,
            status: TaskStatus::Assigned,
            result: String::new(),
        };
        let task_id = TaskId::new();
        if let Err(e) = draft.clone().validate(task_id, 1) {
            return form.refuse(e);
        }
        if form.send(engine, vec![(OpCall::from(SaveTask { task_id, task: draft }), None)]) {
            text.set(String::new());
            due.set(String::new());
        }
    };
    view! {
        <section class="panel">
            <h2 id="giao-nhiem-vu">"Giao nhiệm vụ"</h2>
            <form class="follow-form" aria-labelledby="giao-nhiem-vu" on:submit=give>
                <label>
                    "Nhiệm vụ mẫu theo lĩnh vực"
                    <select on:change=move |ev| { let v = event_target_value(&ev); if !v.is_empty() { text.set(v); form.edited(); } }>
                        <option value="">"— Chọn để điền sẵn —"</option>
                        {templates.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Nội dung nhiệm vụ"<textarea rows="3" prop:value=text on:input=move |ev| { text.set(event_target_value(&ev)); form.edited(); }></textarea></label>
                <label>"Hạn hoàn thành"<input type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=due on:input=move |ev| { due.set(event_target_value(&ev)); form.edited(); }/></label>
                <button type="submit" disabled=before_hydration() class="primary">"Giao nhiệm vụ"</button>
            </form>
            {form.message()}
        </section>
    }
}
