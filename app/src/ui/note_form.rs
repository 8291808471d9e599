use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::FormState;
use super::hydration::before_hydration;
use crate::client::use_sync;
use crate::domain::ids::{MemberId, NoteId};
use crate::domain::note::{NoteDraft, NoteKind};
use crate::sync::OpCall;
use crate::sync::ops::SaveNote;

/// "Biểu dương, phê bình năm …": a commendation or criticism of the member.
#[component]
pub fn NoteForm(member: MemberId, year: i32, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let kind = RwSignal::new(NoteKind::Commendation.code().to_string());
    let text = RwSignal::new(String::new());
    let write = move |ev: SubmitEvent| {
        ev.prevent_default();
        let draft = NoteDraft {
            member_id: member,
            year,
            kind: NoteKind::from_code(&kind.get_untracked()).unwrap_or(NoteKind::Commendation),
            text: text.get_untracked(),
        };
        let note_id = NoteId::new();
        if let Err(e) = draft.clone().validate(note_id, 1) {
            return form.refuse(e);
        }
        if form.send(engine, vec![(OpCall::from(SaveNote { note_id, note: draft }), None)]) {
            text.set(String::new());
        }
    };
    view! {
        <section class="panel">
            <h2 id="bieu-duong">{format!("Biểu dương, phê bình năm {year}")}</h2>
            <form class="follow-form" aria-labelledby="bieu-duong" on:submit=write>
                <label for="ghi-nhan-loai">"Hình thức"</label>
                <select id="ghi-nhan-loai" prop:value=kind on:change=move |ev| { kind.set(event_target_value(&ev)); form.edited(); }>
                    {NoteKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                </select>
                <label>"Nội dung"<textarea rows="3" prop:value=text on:input=move |ev| { text.set(event_target_value(&ev)); form.edited(); }></textarea></label>
                <button type="submit" disabled=before_hydration() class="primary">"Ghi nhận"</button>
            </form>
            {form.message()}
        </section>
    }
}
