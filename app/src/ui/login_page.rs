use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The message for the `loi` code the login endpoint sends back.
fn message(code: &str) -> Option<String> {
    match code {
        "" => None,
        "sai" => Some("Tên đăng nhập hoặc mật khẩu không đúng.".into()),
        "thieu" => Some("Hãy nhập tên đăng nhập và mật khẩu.".into()),
        "da-khoa" => Some("Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.".into()),
        other => match other.strip_prefix("khoa-") {
            Some(minutes) => Some(format!("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.")),
            None => Some("Máy chủ gặp sự cố. Vui lòng thử lại sau.".into()),
        },
    }
}

/// `/dang-nhap`: a plain form that works before the app has loaded, and without it.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || message(&query.read().get("loi").unwrap_or_default());
    // The page the user was on before signing in (checked again by the server).
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text="Đăng nhập"/>
        <section class="login">
            <h1>"Đăng nhập"</h1>
            <p class="lead">"Theo dõi việc chuyển sinh hoạt đảng của đảng viên công tác ở xã, thị trấn về chi bộ ấp, khóm nơi cư trú."</p>
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <form method="post" action="/api/auth/login" class="stack">
                <input type="hidden" name="next" prop:value=next/>
                <label for="username">"Tên đăng nhập"</label>
                <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required/>
                <label for="password">"Mật khẩu"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary">"Đăng nhập"</button>
            </form>
        </section>
    }
}
