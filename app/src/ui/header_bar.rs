use leptos::prelude::*;

use super::sync_engine::use_sync;
use crate::api::pages::whoami;

/// The top bar: product name, the signed-in user, and the sign-out button.
#[component]
pub fn HeaderBar() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let engine = use_sync();
    // In the browser: this user's local store opens once the page knows who is signed in.
    Effect::new(move |_| {
        if let Some(Ok(Some(me))) = me.get() {
            engine.start(me.user_id);
        }
    });
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"★"</span>
                <span>"BranchBoard"</span>
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|me| view! {
                        <div class="user">
                            <span class="user-name">{me.display_name}</span>
                            <span class="user-role">{me.role_label}</span>
                            <form method="post" action="/api/auth/logout">
                                <button type="submit" class="link-button">"Đăng xuất"</button>
                            </form>
                        </div>
                    })
                })}
            </Suspense>
        </header>
    }
}
