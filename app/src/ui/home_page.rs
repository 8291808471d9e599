use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::pages::whoami;

/// `/`: sends each user to where they work.
#[component]
pub fn HomePage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Đang tải…"</p> }>
            {move || Suspend::new(async move {
                let path = match me.await {
                    Ok(Some(me)) => me.home,
                    _ => "/dang-nhap".to_string(),
                };
                view! { <Redirect path=path/> }
            })}
        </Suspense>
    }
}
