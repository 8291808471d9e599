use leptos::prelude::*;
use leptos_meta::Title;

use super::hydration::before_hydration;
use crate::api::accounts::change_password;
use crate::api::pages::whoami;
use crate::domain::account::PASSWORD_MIN;

/// `/doi-mat-khau`: every user changes their own password here; a user on a one-time password
/// is sent here first and can do nothing else until it is changed.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let (current, new, repeat) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let message = RwSignal::new(None::<(bool, String)>);
    let done = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let (c, n, r) = (current.get_untracked(), new.get_untracked(), repeat.get_untracked());
        leptos::task::spawn_local(async move {
            let reply = change_password(c, n, r).await;
            sending.set(false);
            match reply {
                Ok(()) => {
                    for field in [current, new, repeat] {
                        field.set(String::new());
                    }
                    done.set(true);
                    message.set(Some((false, "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.".into())));
                }
                Err(e) => message.set(Some((true, e.to_string()))),
            }
        });
    };
    let field = |label: &'static str, value: RwSignal<String>, autocomplete: &'static str| {
        view! {
            <label>{label}
                <input type="password" required autocomplete=autocomplete prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <Title text="Đổi mật khẩu"/>
        <section class="login">
            <h1>"Đổi mật khẩu"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().filter(|m| m.must_change_password).map(|_| view! {
                        <p class="lead">"Bạn đang dùng mật khẩu được cấp một lần. Hãy đặt mật khẩu của riêng bạn để bắt đầu làm việc."</p>
                    })
                })}
            </Suspense>
            <form class="password-form" aria-label="Đổi mật khẩu" novalidate on:submit=submit>
                {field("Mật khẩu đang dùng", current, "current-password")}
                {field("Mật khẩu mới", new, "new-password")}
                {field("Nhập lại mật khẩu mới", repeat, "new-password")}
                <p class="muted">{format!("Ít nhất {PASSWORD_MIN} ký tự, khác tên đăng nhập.")}</p>
                {move || message.get().map(|(error, text)| view! {
                    <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p>
                })}
                <button type="submit" class="primary" disabled={ let waiting = before_hydration(); move || waiting() || sending.get() }>"Đổi mật khẩu"</button>
            </form>
            {move || done.get().then(|| view! { <p><a href="/" rel="external">"Tiếp tục làm việc"</a></p> })}
        </section>
    }
}
