use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::api::paths::sign_in_path;
use crate::error::AppError;

/// Shows an error the way a user can act on it; a lost session goes to the login page, which
/// brings the user back here.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthenticated => {
            let location = use_location();
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            view! { <Redirect path=sign_in_path(&here)/> }.into_any()
        }
        other => view! {
            <section class="notice notice-error" role="alert">
                <h1>"Không thể mở trang này"</h1>
                <p>{other.to_string()}</p>
                <p><a href="/">"Về trang chính"</a></p>
            </section>
        }
        .into_any(),
    }
}
