//! The fields the set-up forms share: a labelled text field, a select's options, a group of
//! check chips, a typed date.

use leptos::prelude::*;

use super::hydration::before_hydration;
use crate::api::views::Choice;
use crate::domain::date::Date;

/// A text field whose label names it by id.
pub fn text_field(id: &'static str, label: &'static str, value: RwSignal<String>, placeholder: &'static str) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id type="text" placeholder=placeholder prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

/// A select's options: `none` first (the empty value), then the choices.
pub fn options(choices: Vec<Choice>, none: &'static str) -> impl IntoView {
    view! {
        <option value="">{none}</option>
        {choices.into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
    }
}

/// A group of check chips under `legend`: the values checked are in `chosen`.
pub fn check_chips(legend: &'static str, choices: Vec<Choice>, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{legend}</legend>
            {choices.into_iter().map(|c| {
                let value = c.value.clone();
                let checked = {
                    let value = value.clone();
                    move || chosen.with(|all| all.contains(&value))
                };
                view! {
                    <label class="choice">
                        <input type="checkbox" prop:checked=checked on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|all| {
                                all.retain(|x| *x != value);
                                if on {
                                    all.push(value.clone());
                                }
                            });
                        }/>
                        {c.label}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A small form that asks for a day (dd/mm/yyyy) to look at the page as of that day: its label
/// names both the form and the field.
pub fn day_form(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    typed: RwSignal<String>,
    look: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    view! {
        <form class="as-of no-print" aria-label=label on:submit=look>
            <label for=id>{label}</label>
            <input id=id type="text" inputmode="numeric" placeholder=placeholder prop:value=typed
                on:input=move |ev| typed.set(event_target_value(&ev))/>
            <button type="submit" disabled=before_hydration() class="small">"Xem"</button>
        </form>
    }
}

/// A date typed dd/mm/yyyy, or the message saying what is wrong with it, headed by the field.
pub fn date_of(field: &str, text: &str) -> Result<Date, String> {
    Date::parse_vn(text).map_err(|e| format!("{field}: {e}"))
}
