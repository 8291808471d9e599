use leptos::prelude::*;

use crate::api::pages::whoami;
use crate::client::{remembered_me, use_sync};
use crate::error::AppError;

/// The top bar: product name, the signed-in user, and the sign-out button.
#[component]
pub fn HeaderBar() -> impl IntoView {
    // Without the server (a page opened from the app shell), the user this device last saw.
    let me = Resource::new(
        || (),
        |_| async {
            match whoami().await {
                Err(AppError::Network(e)) => remembered_me().map(Some).ok_or(AppError::Network(e)),
                other => other,
            }
        },
    );
    let engine = use_sync();
    // In the browser: this user's local store opens once the page knows who is signed in.
    Effect::new(move |_| {
        // A user on a one-time password works nowhere until it is changed.
        if let Some(Ok(Some(me))) = me.get()
            && !me.must_change_password
        {
            #[cfg(feature = "hydrate")]
            crate::client::remember_me(&me);
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
                        {(me.district && !me.must_change_password).then(|| view! {
                            <nav class="topnav" aria-label="Trang chính">
                                {me.admin.then(|| view! { <a href=crate::api::paths::SETUP>"Thiết lập"</a> })}
                                <a href="/tong-quan">"Tổng quan"</a>
                                <a href="/bao-cao">"Báo cáo"</a>
                                <a href="/lich-su">"Lịch sử"</a>
                                <a href="/quan-tri/to-chuc">"Tổ chức"</a>
                                <a href="/quan-tri/dot-chuyen">"Đợt chuyển"</a>
                                {me.admin.then(|| view! { <a href=crate::api::paths::ACCOUNTS>"Tài khoản"</a> })}
                            </nav>
                        })}
                        <div class="user">
                            <span class="user-name">{me.display_name}</span>
                            <span class="user-role">{me.role_label}</span>
                            <a class="link-button" href=crate::api::paths::CHANGE_PASSWORD>"Đổi mật khẩu"</a>
                            <form method="post" action="/api/auth/logout" on:submit=|_| {
                                #[cfg(feature = "hydrate")]
                                crate::client::forget_me();
                            }>
                                <button type="submit" class="link-button">"Đăng xuất"</button>
                            </form>
                        </div>
                    })
                })}
            </Suspense>
        </header>
    }
}
