use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;

/// Shows an error the way a user can act on it; a lost session goes back to the login page.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthenticated => view! { <Redirect path="/dang-nhap"/> }.into_any(),
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
