use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::{FormState, Watched};
use super::hydration::before_hydration;
use super::rating_select::RatingSelect;
use crate::api::views::BranchMember;
use crate::client::use_sync;
use crate::domain::evaluation::{Evaluation, EvaluationDraft, Rating, SubjectKind};
use crate::domain::ids::EvaluationId;
use crate::sync::OpCall;
use crate::sync::ops::SaveEvaluation;

/// One member's proposal: the choice, the proposal last saved (or shown), and the row it edits.
#[derive(Clone)]
struct Proposal {
    member: BranchMember,
    choice: RwSignal<String>,
    last: StoredValue<Option<Rating>>,
    /// A member not yet rated gets a new row once, kept for every save of this page.
    id: EvaluationId,
}

/// "Đề xuất xếp loại năm …": the branch proposes a rating for each member; only the changed
/// proposals are sent, each on the version of the member's evaluation.
#[component]
pub fn ProposalsForm(members: Vec<BranchMember>, year: i32, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let rows: Vec<Proposal> = members
        .into_iter()
        .map(|m| {
            let proposed = m.evaluation.as_ref().and_then(|e| e.proposed);
            let id = m.evaluation.as_ref().map_or_else(EvaluationId::new, |e| e.id);
            let choice = RwSignal::new(proposed.map(|r| r.code().to_string()).unwrap_or_default());
            Proposal { member: m, choice, last: StoredValue::new(proposed), id }
        })
        .collect();
    form.watch(
        engine,
        rows.iter().map(|p| Watched::rating(p.id, &p.member.id, year, p.member.evaluation.as_ref().map(|e| e.version))).collect(),
    );
    let saved = rows.clone();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut ops = Vec::new();
        let mut sent = Vec::new();
        for p in &saved {
            let proposed = Rating::from_code(&p.choice.get_untracked());
            if proposed == p.last.get_value() {
                continue;
            }
            let e = p.member.evaluation.as_ref();
            let mut draft = e.map_or_else(|| EvaluationDraft::blank(SubjectKind::Member, p.member.id.clone(), year), Evaluation::draft);
            draft.proposed = proposed;
            if let Err(err) = draft.clone().validate(p.id, 1) {
                return form.refuse(format!("{}: {err}", p.member.name));
            }
            let base = engine.base_version("evaluation", &p.id.to_string(), e.map(|e| e.version));
            ops.push((OpCall::from(SaveEvaluation { evaluation_id: p.id, evaluation: draft }), base));
            sent.push((p.last, proposed));
        }
        if ops.is_empty() {
            return form.refuse("Chưa có đề xuất nào thay đổi.");
        }
        if form.send(engine, ops) {
            for (last, proposed) in sent {
                last.set_value(proposed);
            }
        }
    };
    view! {
        <section class="panel">
            <h2 id="de-xuat">{format!("Đề xuất xếp loại năm {year}")}</h2>
            <form class="proposals" aria-labelledby="de-xuat" on:submit=save>
                {rows.into_iter().enumerate().map(|(i, p)| view! {
                    <div class="proposal">
                        <RatingSelect id=format!("dx-{i}") label=p.member.name.clone() value=p.choice none="— Chưa đề xuất —" form/>
                    </div>
                }).collect_view()}
                <button type="submit" disabled=before_hydration() class="primary wide">"Lưu đề xuất"</button>
            </form>
            {form.message()}
        </section>
    }
}
