use leptos::prelude::*;
use leptos_meta::Title;

use super::hydration::before_hydration;
use super::page_data::page_data;
use super::push_now::SetupPage;
use super::setup_fields::{check_chips, text_field};
use crate::api::pages::get_campaigns;
use crate::api::views::{CampaignRow, CampaignsView, Choice};
use crate::domain::campaign::CampaignDraft;
use crate::domain::date::Date;
use crate::domain::ids::{CampaignId, UnitId};
use crate::domain::member::JobCategory;
use crate::sync::OpCall;
use crate::sync::ops::{CloseCampaign, CreateCampaign};

/// `/quan-tri/dot-chuyen`: the transfer campaigns; the administrator opens one on its legal
/// basis (each commune then has its board) and closes it.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_campaigns());
    let page = SetupPage { said: RwSignal::new(None), reload: Callback::new(move |()| data.refetch()) };
    provide_context(page);
    view! {
        <Title text="Đợt chuyển sinh hoạt"/>
        <h1>"Đợt chuyển sinh hoạt"</h1>
        <p class="lead">"Mỗi đợt theo một văn bản căn cứ, cho một số nhóm đảng viên; mỗi xã, phường, thị trấn có bảng phân công của đợt."</p>
        {page.message()}
        {page_data(data, "Đang tải các đợt chuyển…", campaigns)}
    }
}

fn campaigns(v: CampaignsView) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let can_manage = v.can_manage;
    view! {
        <section class="panel">
            <h2>{format!("Các đợt chuyển ({})", v.campaigns.len())}</h2>
            {if v.campaigns.is_empty() {
                view! { <p class="muted">"Chưa có đợt chuyển nào."</p> }.into_any()
            } else {
                view! {
                    <table class="history" aria-label="Các đợt chuyển">
                        <thead><tr>
                            <th scope="col">"Văn bản"</th><th scope="col">"Trích yếu"</th><th scope="col">"Ban hành"</th>
                            <th scope="col">"Đối tượng"</th><th scope="col">"Áp dụng"</th><th scope="col">"Thời hạn"</th>
                            <th scope="col">"Trạng thái"</th>
                        </tr></thead>
                        <tbody>{v.campaigns.into_iter().map(|c| row(c, can_manage, cx)).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {can_manage.then(|| create_form(v.groups.clone(), v.communes.clone(), cx))}
    }
    .into_any()
}

fn row(c: CampaignRow, can_manage: bool, cx: SetupPage) -> impl IntoView {
    let (code, version) = (c.code.clone(), c.version);
    let id = CampaignId::parse(&c.id);
    let close = move |_| {
        let Some(campaign_id) = id else { return };
        cx.send(OpCall::from(CloseCampaign { campaign_id }), Some(version), format!("Đã kết thúc đợt {code}."));
    };
    let label = format!("Kết thúc đợt {}", c.code);
    view! {
        <tr>
            <th scope="row">{c.code}</th>
            <td data-label="Trích yếu">{c.title}</td>
            <td data-label="Ban hành">{c.basis}</td>
            <td data-label="Đối tượng">{c.groups}</td>
            <td data-label="Áp dụng">{c.communes}</td>
            <td data-label="Thời hạn">{c.deadline}</td>
            <td data-label="Trạng thái">
                {if c.open { "Đang thực hiện" } else { "Đã kết thúc" }}
                {(c.open && can_manage).then(|| view! {
                    " "<button type="button" class="small" aria-label=label on:click=close>"Kết thúc"</button>
                })}
            </td>
        </tr>
    }
}

fn create_form(groups: Vec<Choice>, communes: Vec<Choice>, cx: SetupPage) -> impl IntoView {
    let (code, date, issuer, title, deadline) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let chosen = RwSignal::new(Vec::<String>::new());
    let places = RwSignal::new(Vec::<String>::new());
    let dissolves = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let basis_date = match Date::parse_vn(&date.get_untracked()) {
            Ok(d) => d,
            Err(e) => return cx.refuse(format!("Ngày ban hành: {e}")),
        };
        let deadline = match deadline.get_untracked().trim() {
            "" => None,
            text => match Date::parse_vn(text) {
                Ok(d) => Some(d),
                Err(e) => return cx.refuse(format!("Thời hạn hoàn thành: {e}")),
            },
        };
        let draft = CampaignDraft {
            code: code.get_untracked(),
            title: title.get_untracked(),
            basis_date,
            issuer: issuer.get_untracked(),
            job_categories: chosen.get_untracked().iter().filter_map(|c| JobCategory::from_code(c)).collect(),
            deadline,
            dissolves_agency_branches: dissolves.get_untracked(),
            communes: places.get_untracked().iter().filter_map(|c| UnitId::parse(c)).collect(),
        };
        let done = format!("Đã mở đợt chuyển {}.", draft.code.trim());
        cx.send(OpCall::from(CreateCampaign { campaign_id: CampaignId::new(), campaign: draft }), None, done);
    };
    view! {
        <form class="panel account-form" aria-label="Mở đợt chuyển" novalidate on:submit=submit>
            <h2>"Mở đợt chuyển"</h2>
            {text_field("dc-so", "Số văn bản căn cứ", code, "ví dụ 21-HD/BTCTU")}
            {text_field("dc-ngay", "Ngày ban hành", date, "dd/mm/yyyy")}
            {text_field("dc-co-quan", "Cơ quan ban hành", issuer, "")}
            {text_field("dc-trich-yeu", "Trích yếu", title, "")}
            {check_chips("Đối tượng", groups, chosen)}
            {check_chips("Áp dụng cho (không chọn: mọi xã, phường, thị trấn)", communes, places)}
            {text_field("dc-han", "Thời hạn hoàn thành (không bắt buộc)", deadline, "dd/mm/yyyy")}
            <label class="choice">
                <input type="checkbox" prop:checked=dissolves on:change=move |ev| dissolves.set(event_target_checked(&ev))/>
                "Đợt này giải thể chi bộ cơ quan xã, phường, thị trấn"
            </label>
            <button type="submit" disabled=before_hydration() class="primary">"Mở đợt chuyển"</button>
        </form>
    }
}
