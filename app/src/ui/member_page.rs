use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::follow_forms::{FollowForms, FollowState};
use super::form_state::refetch_after_pulls;
use super::history_page::RecentChangesPanel;
use super::history_panel::HistoryPanel;
use super::member_badges::MemberBadges;
use super::member_form::MemberForm;
use super::page_data::page_data;
use crate::api::pages::get_member;
use crate::api::views::MemberView;
use crate::client::use_sync;
use crate::domain::ids::MemberId;

fn member(v: MemberView) -> impl IntoView {
    let follow = v.follow.clone().map(|f| view! { <FollowForms member_id=v.id.clone() follow=f/> });
    let form = use_context::<FollowState>().unwrap_or_default().record;
    let edit = v.edit.clone().and_then(|e| {
        let id = MemberId::parse(&e.id)?;
        Some(view! {
            <details class="panel member-edit">
                <summary>"Sửa hồ sơ đảng viên"</summary>
                <MemberForm choices=e.choices existing=Some((id, e.draft, e.version)) form/>
            </details>
        })
    });
    view! {
        <Title text=v.name.clone()/>
        <p class="crumbs"><a href=format!("/xa/{}", v.commune_id)>{v.commune}</a></p>
        <h1>{v.name}</h1>
        <p class="lead">"Sinh hoạt tại "<strong>{v.current_branch}</strong></p>
        <p class="badges">
            <MemberBadges badges=v.badges/>
            {v.flags.into_iter().map(|f| view! { <span class="badge badge-flag">{f}</span> }).collect_view()}
        </p>
        <section class="panel">
            <h2>"Hồ sơ"</h2>
            <dl class="facts">
                {v.facts.into_iter().map(|f| view! { <div><dt>{f.label}</dt><dd>{f.value}</dd></div> }).collect_view()}
            </dl>
        </section>
        {edit}
        <HistoryPanel title="Quá trình sinh hoạt đảng" headers=&["Chi bộ", "Hình thức", "Từ ngày", "Đến ngày"] rows=v.memberships/>
        <HistoryPanel title="Chuyển sinh hoạt" headers=&["Đợt", "Từ chi bộ", "Đến chi bộ", "Ngày hiệu lực", "Số giấy giới thiệu"] rows=v.transfers/>
        <HistoryPanel title="Nhiệm vụ được phân công" headers=&["Năm", "Nội dung", "Hạn", "Tình trạng"] rows=v.tasks/>
        {follow}
        <HistoryPanel title="Đánh giá, xếp loại" headers=&["Năm", "Tự đánh giá", "Chi bộ đề xuất", "Xếp loại"] rows=v.evaluations/>
        <HistoryPanel title="Biểu dương, phê bình" headers=&["Năm", "Hình thức", "Nội dung"] rows=v.notes/>
        <RecentChangesPanel recent=v.changes/>
    }
}

/// `/dang-vien/:id`: one member's record and history.
#[component]
pub fn MemberPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new_blocking(move || params.read().get("id").unwrap_or_default(), get_member);
    let forms = FollowState::default();
    provide_context(forms);
    Effect::new(move |previous: Option<String>| {
        let id = params.read().get("id").unwrap_or_default();
        if previous.is_some_and(|p| p != id) {
            forms.clear();
        }
        id
    });
    // A pull (after this device's changes were sent, or another's) refreshes the page, unless
    // the user is in the middle of typing something.
    refetch_after_pulls(use_sync(), data, move || forms.all());
    page_data(data, "Đang tải…", member)
}
