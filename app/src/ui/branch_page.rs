use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::branch_rating_form::BranchRatingForm;
use super::form_state::{FormState, refetch_after_pulls};
use super::history_page::RecentChangesPanel;
use super::history_panel::HistoryPanel;
use super::meeting_form::MeetingForm;
use super::member_badges::MemberBadges;
use super::page_data::page_data;
use super::proposals_form::ProposalsForm;
use crate::api::pages::get_branch;
use crate::api::views::{BranchMember, BranchPageView};
use crate::client::use_sync;
use crate::domain::ids::BranchId;

/// The states of the branch page's forms, held by the page (see `FollowState`).
#[derive(Clone, Copy, Default)]
struct BranchState {
    meeting: FormState,
    proposals: FormState,
    branch_rating: FormState,
}

fn members(list: &[BranchMember]) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{format!("Đảng viên ({})", list.len())}</h2>
            <ul class="members">
                {list.iter().map(|m| view! {
                    <li class="member-line">
                        <a href=format!("/dang-vien/{}", m.id)>{m.name.clone()}</a>
                        <MemberBadges badges=m.badges.clone()/>
                        {m.flags.iter().map(|f| view! { <span class="badge badge-flag">{f.clone()}</span> }).collect_view()}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

fn branch(v: BranchPageView) -> impl IntoView {
    let state = use_context::<BranchState>().unwrap_or_default();
    let id = BranchId::parse(&v.id);
    let follow = match (v.can_follow, id) {
        (true, Some(b)) => Some(view! {
            <MeetingForm page=v.clone() branch=b form=state.meeting/>
            <ProposalsForm members=v.members.clone() year=v.year form=state.proposals/>
        }),
        _ => None,
    };
    let rate_branch = match (v.can_rate_branch, id) {
        (true, Some(b)) => {
            Some(view! { <BranchRatingForm branch=b year=v.year current=v.branch_evaluation.clone() form=state.branch_rating/> })
        }
        _ => None,
    };
    view! {
        <Title text=v.name.clone()/>
        <p class="crumbs"><a href=format!("/xa/{}", v.commune_id)>{v.commune.clone()}</a></p>
        <h1>{v.name.clone()}</h1>
        {(!v.active).then(|| view! { <p class="muted">"Chi bộ đã giải thể."</p> })}
        <p class="secretary">
            "Bí thư chi bộ: "
            {if v.secretaries.is_empty() { "chưa có tài khoản.".to_string() } else { v.secretaries.join(", ") }}
            {v.can_name_secretary.then(|| view! {
                " "<a class="button-link" href=format!("{}?chi-bo={}", crate::api::paths::ACCOUNTS, v.id)>"Tạo tài khoản bí thư chi bộ"</a>
            })}
        </p>
        {follow}
        {members(&v.members)}
        {rate_branch}
        <HistoryPanel title="Các buổi sinh hoạt gần đây" headers=&["Ngày", "Hình thức", "Có mặt", "Cấp trên dự"] rows=v.recent
            empty="Chưa có buổi sinh hoạt nào được ghi nhận."/>
        <RecentChangesPanel recent=v.changes/>
    }
}

/// `/chi-bo/:id`: the branch secretary's page — this month's meeting and its attendance in a few
/// taps, the proposals of ratings, the members and their flags.
#[component]
pub fn BranchPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new_blocking(move || params.read().get("id").unwrap_or_default(), get_branch);
    let state = BranchState::default();
    provide_context(state);
    // A pull refreshes the page, unless the user is in the middle of typing something.
    refetch_after_pulls(use_sync(), data, move || vec![state.meeting, state.proposals, state.branch_rating]);
    page_data(data, "Đang tải…", branch)
}
