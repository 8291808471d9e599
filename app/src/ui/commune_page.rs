use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::dissolve_form::DissolveForm;
use super::figure_tiles::FigureTiles;
use super::form_state::refetch_after_pulls;
use super::history_page::RecentChangesPanel;
use super::member_line_item::MemberLineItem;
use super::page_data::page_data;
use crate::api::pages::get_commune;
use crate::api::views::{BranchView, CommuneView};
use crate::client::use_sync;

fn branch(b: BranchView) -> impl IntoView {
    let count = b.members.len();
    let is_dissolved = b.dissolved.is_some();
    let label = b.name.clone();
    view! {
        <section class="panel branch" class:branch-dissolved=is_dissolved aria-label=label>
            <h3>
                {if b.has_page {
                    view! { <a href=format!("/chi-bo/{}", b.id)>{b.name}</a> }.into_any()
                } else {
                    view! { <span>{b.name}</span> }.into_any()
                }}
                <span class="count">{format!(" · {count} đảng viên")}</span>
            </h3>
            <p class="muted">{b.kind}{b.dissolved.map(|d| format!(" — {d}"))}</p>
            {b.can_dissolve.then(|| view! { <DissolveForm branch_id=b.id.clone() version=b.version/> })}
            {(count > 0).then(|| view! {
                <ul class="members">{b.members.into_iter().map(|member| view! { <MemberLineItem member/> }).collect_view()}</ul>
            })}
        </section>
    }
}

fn commune(v: CommuneView) -> impl IntoView {
    let title = v.name.clone();
    let (active, dissolved): (Vec<_>, Vec<_>) = v.branches.into_iter().partition(|b| b.dissolved.is_none());
    let board = |c: &crate::api::views::CampaignLine| format!("/xa/{}/ke-hoach/{}", v.id, c.id);
    let boards: Vec<(String, String)> = v
        .campaigns
        .iter()
        .map(|c| (board(c), format!("Bảng phân công {}{}", c.code, if c.open { "" } else { " (đã kết thúc)" })))
        .collect();
    view! {
        <Title text=title/>
        <h1>{v.name}</h1>
        <FigureTiles figures=v.figures/>
        <p class="ratings-line" aria-label=format!("Xếp loại năm {}", v.ratings.year)>
            {format!("Xếp loại năm {}: {} đảng viên đã chuyển được xếp loại", v.ratings.year, v.ratings.rated())}
            {(v.ratings.rated() > 0).then(|| format!(
                " ({})",
                crate::domain::evaluation::Rating::ALL.iter().zip(v.ratings.counts).map(|(r, n)| format!("{}: {n}", r.label())).collect::<Vec<_>>().join("; ")
            ))}
        </p>
        {(!boards.is_empty()).then(|| view! {
            <nav class="boards" aria-label="Bảng phân công">
                {boards.into_iter().map(|(href, label)| view! { <a class="button-link" href=href>{label}</a> }).collect_view()}
            </nav>
        })}
        {v.has_register.then(|| view! {
            <p><a class="button-link" href=format!("/xa/{}/dang-vien", v.id)>"Danh sách đảng viên"</a></p>
        })}
        {v.pending.into_iter().map(|g| {
            let heading = format!("Chờ chuyển theo {} ({} đảng viên)", g.campaign.code, g.members.len());
            let label = heading.clone();
            view! {
                <section class="panel pending" aria-label=label>
                    <h2>{heading}</h2>
                    <p class="muted">{g.campaign.title}</p>
                    <ul class="members">{g.members.into_iter().map(|member| view! { <MemberLineItem member/> }).collect_view()}</ul>
                </section>
            }
        }).collect_view()}
        <h2>"Chi bộ"</h2>
        <div class="branches">{active.into_iter().map(branch).collect_view()}</div>
        {(!dissolved.is_empty()).then(|| view! {
            <h2>"Chi bộ đã giải thể"</h2>
            <div class="branches">{dissolved.into_iter().map(branch).collect_view()}</div>
        })}
        <RecentChangesPanel recent=v.changes/>
    }
}

/// `/xa/:id`: a commune's branches and members.
#[component]
pub fn CommunePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new_blocking(move || params.read().get("id").unwrap_or_default(), get_commune);
    // Another device's change (a pull after a poke) shows without a reload.
    refetch_after_pulls(use_sync(), data, Vec::new);
    page_data(data, "Đang tải…", commune)
}
