use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::sync_engine::{Link, use_sync};
use crate::api::views::FollowView;
use crate::domain::date::Date;
use crate::domain::evaluation::{EvaluationDraft, Rating, SubjectKind};
use crate::domain::ids::{BranchId, EvaluationId, MemberId, NoteId, TaskId};
use crate::domain::member::Field;
use crate::domain::note::{NoteDraft, NoteKind};
use crate::domain::task::{TaskAssignment, TaskDraft, TaskStatus};
use crate::sync::Op;
use crate::sync::ops::{SaveEvaluation, SaveNote, SaveTask};

/// The message after a form: an error, or where the change is (sent or waiting for the network).
pub(super) type Message = RwSignal<Option<(bool, String)>>;

/// The forms' messages, held by the page: they stay when the page refreshes after the change
/// came back from the server (which happens a moment after the form was sent).
#[derive(Clone, Copy)]
pub struct FollowMessages {
    task: Message,
    rating: Message,
    note: Message,
    progress: Message,
}

impl FollowMessages {
    fn new() -> Self {
        Self { task: RwSignal::new(None), rating: RwSignal::new(None), note: RwSignal::new(None), progress: RwSignal::new(None) }
    }

    /// Another member's page: the messages were about the previous one.
    pub fn clear(self) {
        self.task.set(None);
        self.rating.set(None);
        self.note.set(None);
        self.progress.set(None);
    }
}

/// Provides the messages for the member page.
pub fn provide_follow_messages() -> FollowMessages {
    let messages = FollowMessages::new();
    provide_context(messages);
    messages
}

pub(super) fn saved_message(link: Link) -> String {
    match link {
        Link::Online => "Đã ghi nhận; đang gửi lên máy chủ.".into(),
        _ => "Đã ghi nhận trên máy này; sẽ tự gửi khi có mạng.".into(),
    }
}

pub(super) fn show(message: Message) -> impl IntoView {
    move || {
        message.get().map(|(error, text)| {
            view! { <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p> }
        })
    }
}

/// A rating choice. The label is outside the select, so that its name is the label alone (a
/// select inside its label would also be named by the option shown).
fn rating_select(id: &'static str, label: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <select id=id prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">"— Chưa có —"</option>
            {Rating::ALL.iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
        </select>
    }
}

/// "Tiến độ nhiệm vụ": each task's status and result, saved on the version the page showed (then
/// on the one this device's save makes).
fn progress_forms(tasks: Vec<TaskAssignment>, message: Message) -> impl IntoView {
    let engine = use_sync();
    (!tasks.is_empty()).then(|| {
        view! {
            <section class="panel">
                <h2 id="tien-do">"Tiến độ nhiệm vụ"</h2>
                {tasks.into_iter().enumerate().map(|(i, task)| {
                    let status = RwSignal::new(task.status.code().to_string());
                    let result = RwSignal::new(task.result.clone());
                    let base = StoredValue::new(task.version);
                    let title = format!("{} ({})", task.text, task.year);
                    let task = StoredValue::new(task);
                    let save = move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let t = task.get_value();
                        let draft = t.progress(TaskStatus::from_code(&status.get_untracked()).unwrap_or(t.status), &result.get_untracked());
                        if let Err(e) = draft.clone().validate(t.id, base.get_value() + 1) {
                            return message.set(Some((true, e.to_string())));
                        }
                        match engine.enqueue(vec![(Op::SaveTask(SaveTask { task_id: t.id, task: draft }), Some(base.get_value()))]) {
                            Ok(()) => {
                                base.set_value(base.get_value() + 1);
                                message.set(Some((false, saved_message(engine.link.get_untracked()))));
                            }
                            Err(e) => message.set(Some((true, e))),
                        }
                    };
                    let (status_id, result_id) = (format!("nv-tinh-trang-{i}"), format!("nv-ket-qua-{i}"));
                    let label = title.clone();
                    view! {
                        <form class="follow-form task-progress" aria-label=label on:submit=save>
                            <p class="task-title">{title}</p>
                            <label for=status_id.clone()>"Tình trạng"</label>
                            <select id=status_id prop:value=status on:change=move |ev| status.set(event_target_value(&ev))>
                                {TaskStatus::ALL.iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                            </select>
                            <label for=result_id.clone()>"Kết quả thực hiện"</label>
                            <textarea id=result_id rows="2" prop:value=result on:input=move |ev| result.set(event_target_value(&ev))></textarea>
                            <button type="submit" class="primary">"Cập nhật"</button>
                        </form>
                    }
                }).collect_view()}
                {show(message)}
            </section>
        }
    })
}

/// "Giao nhiệm vụ" and "Xếp loại" on a member's page: checked by the domain rules, then queued
/// in the device's outbox like every other change (they work offline).
#[component]
pub fn FollowForms(member_id: String, follow: FollowView) -> impl IntoView {
    let engine = use_sync();
    let (Some(member), Some(branch), Some(field)) =
        (MemberId::parse(&member_id), BranchId::parse(&follow.branch_id), Field::from_code(&follow.field))
    else {
        return ().into_any();
    };
    let year = follow.year;
    let text = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let messages = use_context::<FollowMessages>().unwrap_or_else(FollowMessages::new);
    let task_message = messages.task;
    let give_task = move |ev: SubmitEvent| {
        ev.prevent_default();
        let due_on = match due.get_untracked().trim() {
            "" => None,
            d => match Date::parse_vn(d) {
                Ok(d) => Some(d),
                Err(e) => return task_message.set(Some((true, e.to_string()))),
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
            return task_message.set(Some((true, e.to_string())));
        }
        match engine.enqueue(vec![(Op::SaveTask(SaveTask { task_id, task: draft }), None)]) {
            Ok(()) => {
                text.set(String::new());
                due.set(String::new());
                task_message.set(Some((false, saved_message(engine.link.get_untracked()))));
            }
            Err(e) => task_message.set(Some((true, e))),
        }
    };

    let current = follow.evaluation.clone();
    let code = |r: Option<Rating>| r.map(|r| r.code().to_string()).unwrap_or_default();
    let self_rating = RwSignal::new(code(current.as_ref().and_then(|e| e.self_rating)));
    let proposed = RwSignal::new(code(current.as_ref().and_then(|e| e.proposed)));
    let final_rating = RwSignal::new(code(current.as_ref().and_then(|e| e.final_rating)));
    let points = RwSignal::new(current.as_ref().and_then(|e| e.points).map(|p| p.to_string()).unwrap_or_default());
    let candidate = RwSignal::new(current.as_ref().is_some_and(|e| e.commendation_candidate));
    let rating_message = messages.rating;
    let (evaluation_id, base) = current.as_ref().map_or((EvaluationId::new(), None), |e| (e.id, Some(e.version)));
    let note = current.as_ref().map(|e| e.note.clone()).unwrap_or_default();
    let rate = move |ev: SubmitEvent| {
        ev.prevent_default();
        let pick = |s: RwSignal<String>| Rating::from_code(&s.get_untracked());
        let points = match points.get_untracked().trim() {
            "" => None,
            p => match p.parse::<u8>() {
                Ok(p) => Some(p),
                Err(_) => return rating_message.set(Some((true, "Điểm phải là số từ 0 đến 100.".into()))),
            },
        };
        let draft = EvaluationDraft {
            subject_kind: SubjectKind::Member,
            subject_id: member.to_string(),
            year,
            self_rating: pick(self_rating),
            proposed: pick(proposed),
            final_rating: pick(final_rating),
            points,
            commendation_candidate: candidate.get_untracked(),
            note: note.clone(),
        };
        if let Err(e) = draft.clone().validate(evaluation_id, 1) {
            return rating_message.set(Some((true, e.to_string())));
        }
        match engine.enqueue(vec![(Op::SaveEvaluation(SaveEvaluation { evaluation_id, evaluation: draft }), base)]) {
            Ok(()) => rating_message.set(Some((false, saved_message(engine.link.get_untracked())))),
            Err(e) => rating_message.set(Some((true, e))),
        }
    };
    let note_kind = RwSignal::new(NoteKind::Commendation.code().to_string());
    let note_text = RwSignal::new(String::new());
    let note_message = messages.note;
    let write_note = move |ev: SubmitEvent| {
        ev.prevent_default();
        let draft = NoteDraft {
            member_id: member,
            year,
            kind: NoteKind::from_code(&note_kind.get_untracked()).unwrap_or(NoteKind::Commendation),
            text: note_text.get_untracked(),
        };
        let note_id = NoteId::new();
        if let Err(e) = draft.clone().validate(note_id, 1) {
            return note_message.set(Some((true, e.to_string())));
        }
        match engine.enqueue(vec![(Op::SaveNote(SaveNote { note_id, note: draft }), None)]) {
            Ok(()) => {
                note_text.set(String::new());
                note_message.set(Some((false, saved_message(engine.link.get_untracked()))));
            }
            Err(e) => note_message.set(Some((true, e))),
        }
    };
    let templates = follow.templates.clone();
    let progress = progress_forms(follow.tasks.clone(), messages.progress);
    view! {
        <section class="panel">
            <h2 id="giao-nhiem-vu">"Giao nhiệm vụ"</h2>
            <form class="follow-form" aria-labelledby="giao-nhiem-vu" on:submit=give_task>
                <label>
                    "Nhiệm vụ mẫu theo lĩnh vực"
                    <select on:change=move |ev| { let v = event_target_value(&ev); if !v.is_empty() { text.set(v) } }>
                        <option value="">"— Chọn để điền sẵn —"</option>
                        {templates.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Nội dung nhiệm vụ"<textarea rows="3" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea></label>
                <label>"Hạn hoàn thành"<input type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/></label>
                <button type="submit" class="primary">"Giao nhiệm vụ"</button>
            </form>
            {show(task_message)}
        </section>
        {progress}
        <section class="panel">
            <h2 id="xep-loai">{format!("Đánh giá, xếp loại năm {year}")}</h2>
            <form class="follow-form" aria-labelledby="xep-loai" on:submit=rate>
                {rating_select("xl-tu-danh-gia", "Tự đánh giá", self_rating)}
                {rating_select("xl-de-xuat", "Chi bộ đề xuất", proposed)}
                {rating_select("xl-xep-loai", "Xếp loại", final_rating)}
                <label>"Điểm (không bắt buộc)"<input type="text" inputmode="numeric" prop:value=points on:input=move |ev| points.set(event_target_value(&ev))/></label>
                <label class="choice">
                    <input type="checkbox" prop:checked=candidate on:change=move |ev| candidate.set(event_target_checked(&ev))/>
                    "Đề nghị khen thưởng"
                </label>
                <button type="submit" class="primary">"Lưu xếp loại"</button>
            </form>
            {show(rating_message)}
        </section>
        <section class="panel">
            <h2 id="bieu-duong">{format!("Biểu dương, phê bình năm {year}")}</h2>
            <form class="follow-form" aria-labelledby="bieu-duong" on:submit=write_note>
                <label for="ghi-nhan-loai">"Hình thức"</label>
                <select id="ghi-nhan-loai" prop:value=note_kind on:change=move |ev| note_kind.set(event_target_value(&ev))>
                    {NoteKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                </select>
                <label>"Nội dung"<textarea rows="3" prop:value=note_text on:input=move |ev| note_text.set(event_target_value(&ev))></textarea></label>
                <button type="submit" class="primary">"Ghi nhận"</button>
            </form>
            {show(note_message)}
        </section>
    }
    .into_any()
}
