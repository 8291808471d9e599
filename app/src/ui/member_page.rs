use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::follow_forms::{FollowForms, provide_follow_messages};
use super::page_data::page_data;
use super::sync_engine::use_sync;
use crate::api::pages::get_member;
use crate::api::views::{HistoryRow, MemberView};

fn history(title: &'static str, headers: &'static [&'static str], rows: Vec<HistoryRow>) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{title}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"Chưa có."</p> }.into_any()
            } else {
                view! {
                    <table class="history" aria-label=title>
                        <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>{r.cells.into_iter().zip(headers.iter()).map(|(c, h)| view! { <td data-label=*h>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn member(v: MemberView) -> impl IntoView {
    let follow = v.follow.clone().map(|f| view! { <FollowForms member_id=v.id.clone() follow=f/> });
    view! {
        <Title text=v.name.clone()/>
        <p class="crumbs"><a href=format!("/xa/{}", v.commune_id)>{v.commune}</a></p>
        <h1>{v.name}</h1>
        <p class="lead">"Sinh hoạt tại "<strong>{v.current_branch}</strong></p>
        <p class="badges">
            {v.badges.into_iter().map(|b| view! { <span class="badge badge-leader">{b}</span> }).collect_view()}
            {v.flags.into_iter().map(|f| view! { <span class="badge badge-flag">{f}</span> }).collect_view()}
        </p>
        <section class="panel">
            <h2>"Hồ sơ"</h2>
            <dl class="facts">
                {v.facts.into_iter().map(|f| view! { <div><dt>{f.label}</dt><dd>{f.value}</dd></div> }).collect_view()}
            </dl>
        </section>
        {history("Quá trình sinh hoạt đảng", &["Chi bộ", "Hình thức", "Từ ngày", "Đến ngày"], v.memberships)}
        {history("Chuyển sinh hoạt", &["Đợt", "Từ chi bộ", "Đến chi bộ", "Ngày hiệu lực", "Số giấy giới thiệu"], v.transfers)}
        {history("Nhiệm vụ được phân công", &["Năm", "Nội dung", "Hạn", "Tình trạng"], v.tasks)}
        {follow}
        {history("Đánh giá, xếp loại", &["Năm", "Tự đánh giá", "Chi bộ đề xuất", "Xếp loại"], v.evaluations)}
        {history("Biểu dương, phê bình", &["Năm", "Hình thức", "Nội dung"], v.notes)}
    }
}

/// `/dang-vien/:id`: one member's record and history.
#[component]
pub fn MemberPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), get_member);
    let messages = provide_follow_messages();
    Effect::new(move |previous: Option<String>| {
        let id = params.read().get("id").unwrap_or_default();
        if previous.is_some_and(|p| p != id) {
            messages.clear();
        }
        id
    });
    // A pull (after this device's changes were sent, or others') refreshes the page.
    let engine = use_sync();
    Effect::new(move |previous: Option<i64>| {
        let cursor = engine.with(|r| r.cursor).unwrap_or(0);
        if previous.is_some_and(|p| p != cursor) {
            data.refetch();
        }
        cursor
    });
    page_data(data, "Đang tải…", member)
}
