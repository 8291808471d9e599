use leptos::prelude::*;

use super::form_state::FormState;
use crate::domain::evaluation::Rating;

/// A choice of rating with its label. The label is outside the select, so that its name is the
/// label alone (a select inside its label would also be named by the option shown).
#[component]
pub fn RatingSelect(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The rating's code, or empty for none.
    value: RwSignal<String>,
    /// The label of "no rating".
    none: &'static str,
    /// The form the choice belongs to.
    form: FormState,
) -> impl IntoView {
    view! {
        <label for=id.clone()>{label}</label>
        <select id=id prop:value=value on:change=move |ev| { value.set(event_target_value(&ev)); form.edited(); }>
            <option value="">{none}</option>
            {Rating::ALL.iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
        </select>
    }
}
