use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::{FormState, Watched};
use super::hydration::before_hydration;
use super::rating_select::RatingSelect;
use crate::client::use_sync;
use crate::domain::evaluation::{Evaluation, EvaluationDraft, Rating, SubjectKind};
use crate::domain::ids::{EvaluationId, MemberId};
use crate::sync::OpCall;
use crate::sync::ops::SaveEvaluation;

/// "Đánh giá, xếp loại năm …": the member's self-assessment, the branch's proposal, the final
/// rating, optional points and the commendation proposal. A second save before the page is
/// fetched again is based on the first.
#[component]
pub fn RatingForm(member: MemberId, year: i32, current: Option<Evaluation>, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let code = |r: Option<Rating>| r.map(|r| r.code().to_string()).unwrap_or_default();
    let self_rating = RwSignal::new(code(current.as_ref().and_then(|e| e.self_rating)));
    let proposed = RwSignal::new(code(current.as_ref().and_then(|e| e.proposed)));
    let final_rating = RwSignal::new(code(current.as_ref().and_then(|e| e.final_rating)));
    let points = RwSignal::new(current.as_ref().and_then(|e| e.points).map(|p| p.to_string()).unwrap_or_default());
    let candidate = RwSignal::new(current.as_ref().is_some_and(|e| e.commendation_candidate));
    // The same row for every save of this form: a new rating gets its id once.
    let (evaluation_id, shown) = current.as_ref().map_or_else(|| (EvaluationId::new(), None), |e| (e.id, Some(e.version)));
    let note = current.as_ref().map(|e| e.note.clone()).unwrap_or_default();
    form.watch(engine, vec![Watched::rating(evaluation_id, member, year, shown)]);
    let rate = move |ev: SubmitEvent| {
        ev.prevent_default();
        let pick = |s: RwSignal<String>| Rating::from_code(&s.get_untracked());
        let points = match points.get_untracked().trim() {
            "" => None,
            p => match p.parse::<u8>() {
                Ok(p) => Some(p),
                Err(_) => return form.refuse("Điểm phải là số từ 0 đến 100."),
            },
        };
        let draft = EvaluationDraft {
            self_rating: pick(self_rating),
            proposed: pick(proposed),
            final_rating: pick(final_rating),
            points,
            commendation_candidate: candidate.get_untracked(),
            note: note.clone(),
            ..EvaluationDraft::blank(SubjectKind::Member, member.to_string(), year)
        };
        if let Err(e) = draft.clone().validate(evaluation_id, 1) {
            return form.refuse(e);
        }
        let base = engine.base_version("evaluation", &evaluation_id.to_string(), shown);
        form.send(engine, vec![(OpCall::from(SaveEvaluation { evaluation_id, evaluation: draft }), base)]);
    };
    view! {
        <section class="panel">
            <h2 id="xep-loai">{format!("Đánh giá, xếp loại năm {year}")}</h2>
            <form class="follow-form" aria-labelledby="xep-loai" on:submit=rate>
                <RatingSelect id="xl-tu-danh-gia" label="Tự đánh giá" value=self_rating none="— Chưa có —" form/>
                <RatingSelect id="xl-de-xuat" label="Chi bộ đề xuất" value=proposed none="— Chưa có —" form/>
                <RatingSelect id="xl-xep-loai" label="Xếp loại" value=final_rating none="— Chưa có —" form/>
                <label>"Điểm (không bắt buộc)"<input type="text" inputmode="numeric" prop:value=points on:input=move |ev| { points.set(event_target_value(&ev)); form.edited(); }/></label>
                <label class="choice">
                    <input type="checkbox" prop:checked=candidate on:change=move |ev| { candidate.set(event_target_checked(&ev)); form.edited(); }/>
                    "Đề nghị khen thưởng"
                </label>
                <button type="submit" disabled=before_hydration() class="primary">"Lưu xếp loại"</button>
            </form>
            {form.message()}
        </section>
    }
}
