use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::form_state::{FormState, refetch_after_pulls};
use super::member_form::MemberForm;
use super::page_data::page_data;
use crate::api::pages::get_register;
use crate::api::views::{RegisterLine, RegisterView};
use crate::client::use_sync;
use crate::domain::text::matches_search;

/// `/xa/:id/dang-vien`: a commune's member register — every member in Vietnamese order by
/// given name, a search that needs no diacritics, the list as Excel and the template to fill in.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new_blocking(move || params.read().get("id").unwrap_or_default(), get_register);
    let form = FormState::default();
    provide_context(form);
    // A member added here (or on another device) shows once the server has it.
    refetch_after_pulls(use_sync(), data, move || vec![form]);
    view! { {page_data(data, "Đang tải danh sách đảng viên…", register)} }
}

fn register(v: RegisterView) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let all = StoredValue::new(v.members);
    let shown = move || query.with(|q| all.with_value(|m| m.iter().filter(|l| matches_search(&l.name, q)).cloned().collect::<Vec<_>>()));
    let title = format!("Danh sách đảng viên — {}", v.commune);
    view! {
        <Title text=title.clone()/>
        <p class="crumbs"><a href=format!("/xa/{}", v.commune_id)>{v.commune.clone()}</a></p>
        <h1>{title}</h1>
        <div class="report-actions">
            <a class="button-link" href=format!("/api/members.xlsx?xa={}", v.commune_id) download="danh-sach-dang-vien.xlsx">"Tải danh sách (Excel)"</a>
            <a class="button-link" href="/api/members/template.xlsx" download="mau-danh-sach-dang-vien.xlsx">"Tải mẫu Excel để nhập"</a>
            {v.can_import.then(|| view! {
                <a class="button-link" href=format!("/xa/{}/nhap-dang-vien", v.commune_id)>"Nhập danh sách từ Excel"</a>
            })}
        </div>
        {v.new_member.map(|choices| {
            let form = use_context::<FormState>().unwrap_or_default();
            view! {
                <details class="panel member-edit">
                    <summary>"Thêm đảng viên"</summary>
                    <MemberForm choices existing=None form/>
                </details>
            }
        })}
        <section class="panel">
            <label class="search" for="dv-tim">"Tìm đảng viên (gõ có dấu hoặc không dấu)"</label>
            <input id="dv-tim" type="search" prop:value=query on:input=move |ev| query.set(event_target_value(&ev))/>
            <p class="muted" aria-live="polite">
                {move || {
                    let n = shown().len();
                    let total = all.with_value(Vec::len);
                    if n == total { format!("{total} đảng viên") } else { format!("{n} trong {total} đảng viên") }
                }}
            </p>
            <table class="history register" aria-label="Danh sách đảng viên">
                <thead><tr>
                    <th scope="col">"Họ và tên"</th><th scope="col">"Giới tính"</th><th scope="col">"Ngày sinh"</th>
                    <th scope="col">"Số thẻ"</th><th scope="col">"Đảng viên"</th><th scope="col">"Nơi cư trú"</th>
                    <th scope="col">"Công việc"</th><th scope="col">"Chi bộ"</th>
                </tr></thead>
                <tbody>{move || shown().into_iter().map(line).collect_view()}</tbody>
            </table>
        </section>
    }
}

fn line(l: RegisterLine) -> impl IntoView {
    view! {
        <tr>
            <th scope="row"><a href=format!("/dang-vien/{}", l.id)>{l.name}</a></th>
            <td data-label="Giới tính">{l.gender}</td>
            <td data-label="Ngày sinh">{l.birth}</td>
            <td data-label="Số thẻ">{l.card}</td>
            <td data-label="Đảng viên">{l.status}</td>
            <td data-label="Nơi cư trú">{l.residence}</td>
            <td data-label="Công việc">{l.job}</td>
            <td data-label="Chi bộ">{l.branch}</td>
        </tr>
    }
}
