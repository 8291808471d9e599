use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::{FormState, Watched};
use super::hydration::before_hydration;
use super::rating_select::RatingSelect;
use crate::client::use_sync;
use crate::domain::evaluation::{Evaluation, EvaluationDraft, Rating, SubjectKind};
use crate::domain::ids::{BranchId, EvaluationId};
use crate::sync::OpCall;
use crate::sync::ops::SaveEvaluation;

/// "Xếp loại chi bộ năm …" (commune staff): the branch's own rating.
#[component]
pub fn BranchRatingForm(branch: BranchId, year: i32, current: Option<Evaluation>, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let value = RwSignal::new(current.as_ref().and_then(|e| e.final_rating).map(|r| r.code().to_string()).unwrap_or_default());
    let (id, shown) = current.as_ref().map_or_else(|| (EvaluationId::new(), None), |e| (e.id, Some(e.version)));
    form.watch(engine, vec![Watched::rating(id, branch, year, shown)]);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut draft =
            current.as_ref().map_or_else(|| EvaluationDraft::blank(SubjectKind::Branch, branch.to_string(), year), Evaluation::draft);
        draft.final_rating = Rating::from_code(&value.get_untracked());
        if let Err(e) = draft.clone().validate(id, 1) {
            return form.refuse(e);
        }
        let base = engine.base_version("evaluation", &id.to_string(), shown);
        form.send(engine, vec![(OpCall::from(SaveEvaluation { evaluation_id: id, evaluation: draft }), base)]);
    };
    view! {
        <section class="panel">
            <h2 id="xl-chi-bo">{format!("Xếp loại chi bộ năm {year}")}</h2>
            <form class="follow-form" aria-labelledby="xl-chi-bo" on:submit=save>
                <RatingSelect id="xl-chi-bo-muc" label="Mức xếp loại" value none="— Chưa xếp loại —" form/>
                <button type="submit" disabled=before_hydration() class="primary">"Lưu xếp loại chi bộ"</button>
            </form>
            {form.message()}
        </section>
    }
}
