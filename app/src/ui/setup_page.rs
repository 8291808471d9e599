use leptos::prelude::*;
use leptos_meta::Title;

use super::page_data::page_data;
use crate::api::pages::get_setup;
use crate::api::views::{SetupLine, SetupView};

/// `/quan-tri`: the administrator's home — the steps of setting up the organisation, each with
/// what exists and its page; the next one stands out.
#[component]
pub fn SetupPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_setup());
    view! {
        <Title text="Thiết lập"/>
        <h1>"Thiết lập tổ chức"</h1>
        {page_data(data, "Đang tải…", setup)}
    }
}

fn setup(v: SetupView) -> impl IntoView {
    view! {
        <p class="lead">
            {if v.complete {
                "Tổ chức đã sẵn sàng: các xã lập kế hoạch chuyển sinh hoạt trên bảng phân công."
            } else {
                "Thiết lập theo thứ tự: đơn vị → chi bộ → tài khoản → đảng viên → đợt chuyển."
            }}
        </p>
        <ol class="setup-steps" aria-label="Các bước thiết lập">{v.steps.into_iter().map(step).collect_view()}</ol>
    }
}

fn step(s: SetupLine) -> impl IntoView {
    let state = match (s.done, s.next) {
        (true, _) => "Đã xong",
        (false, true) => "Bước tiếp theo",
        (false, false) => "Chưa làm",
    };
    let class = if s.next {
        "setup-step next"
    } else if s.done {
        "setup-step done"
    } else {
        "setup-step"
    };
    view! {
        <li class=class>
            <h2>{s.title.clone()}</h2>
            <p><strong>{state}</strong>" — "{s.detail}</p>
            <a class="button-link" href=s.href>{format!("Mở trang {}", s.title.to_lowercase())}</a>
        </li>
    }
}
