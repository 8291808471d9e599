use leptos::prelude::*;

use super::board_context::use_board;
use super::hydration::before_hydration;
use crate::client::now_millis;
use crate::domain::date::Date;
use crate::domain::ids::MemberId;
use crate::domain::text::required_text;

/// Today in Viet Nam, as the form's default effective date.
fn today() -> String {
    Date::from_unix_millis_vn(now_millis()).to_vn()
}

/// Confirms planned transfers ("Xác nhận chuyển sinh hoạt"): effective date and letter number.
#[component]
pub fn ConfirmForm(members: Vec<MemberId>) -> impl IntoView {
    let ctx = use_board();
    let date = RwSignal::new(today());
    let letter = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let count = members.len();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = Date::parse_vn(&date.get_untracked()).map_err(|e| e.to_string());
        let letter_no = required_text(&letter.get_untracked(), "số giấy giới thiệu sinh hoạt đảng", 60).map_err(|e| e.to_string());
        match (parsed, letter_no) {
            (Ok(d), Ok(l)) => {
                ctx.open_confirm.set(None);
                ctx.confirm_all.set(false);
                ctx.confirm(members.clone(), d, l);
            }
            (Err(e), _) | (_, Err(e)) => error.set(Some(e)),
        }
    };
    view! {
        <form class="confirm-form" on:submit=submit aria-label="Xác nhận chuyển sinh hoạt">
            <p class="muted">{format!("Xác nhận chuyển sinh hoạt đảng cho {count} đảng viên.")}</p>
            <label>
                "Ngày hiệu lực"
                <input type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/>
            </label>
            <label>
                "Số giấy giới thiệu"
                <input type="text" prop:value=letter on:input=move |ev| letter.set(event_target_value(&ev))/>
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="row">
                <button type="submit" disabled=before_hydration() class="primary">"Xác nhận chuyển sinh hoạt"</button>
                <button type="button" class="small" on:click=move |_| {
                    ctx.open_confirm.set(None);
                    ctx.confirm_all.set(false);
                }>"Hủy"</button>
            </div>
        </form>
    }
}
