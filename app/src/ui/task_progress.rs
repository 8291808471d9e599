use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::{FormState, Watched};
use super::hydration::before_hydration;
use crate::client::use_sync;
use crate::domain::task::{TaskAssignment, TaskStatus};
use crate::sync::OpCall;
use crate::sync::ops::SaveTask;

/// "Tiến độ nhiệm vụ": each task's status and result, saved on the version the page showed (or
/// the one this device's own saves make of it).
#[component]
pub fn TaskProgress(tasks: Vec<TaskAssignment>, form: FormState) -> impl IntoView {
    let engine = use_sync();
    form.watch(engine, tasks.iter().map(|t| Watched::row("task", t.id, Some(t.version))).collect());
    (!tasks.is_empty()).then(|| {
        view! {
            <section class="panel">
                <h2 id="tien-do">"Tiến độ nhiệm vụ"</h2>
                {tasks.into_iter().enumerate().map(|(i, task)| {
                    let status = RwSignal::new(task.status.code().to_string());
                    let result = RwSignal::new(task.result.clone());
                    let title = format!("{} ({})", task.text, task.year);
                    let task = StoredValue::new(task);
                    let save = move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let t = task.get_value();
                        let draft = t.progress(TaskStatus::from_code(&status.get_untracked()).unwrap_or(t.status), &result.get_untracked());
                        let base = engine.base_version("task", &t.id.to_string(), Some(t.version));
                        if let Err(e) = draft.clone().validate(t.id, base.unwrap_or(0) + 1) {
                            return form.refuse(e);
                        }
                        form.send(engine, vec![(OpCall::from(SaveTask { task_id: t.id, task: draft }), base)]);
                    };
                    let (status_id, result_id) = (format!("nv-tinh-trang-{i}"), format!("nv-ket-qua-{i}"));
                    let label = title.clone();
                    view! {
                        <form class="follow-form task-progress" aria-label=label on:submit=save>
                            <p class="task-title">{title}</p>
                            <label for=status_id.clone()>"Tình trạng"</label>
                            <select id=status_id prop:value=status on:change=move |ev| { status.set(event_target_value(&ev)); form.edited(); }>
                                {TaskStatus::ALL.iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                            </select>
                            <label for=result_id.clone()>"Kết quả thực hiện"</label>
                            <textarea id=result_id rows="2" prop:value=result on:input=move |ev| { result.set(event_target_value(&ev)); form.edited(); }></textarea>
                            <button type="submit" disabled=before_hydration() class="primary">"Cập nhật"</button>
                        </form>
                    }
                }).collect_view()}
                {form.message()}
            </section>
        }
    })
}
