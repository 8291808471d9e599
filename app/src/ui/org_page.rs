use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::hydration::before_hydration;
use super::page_data::page_data;
use super::push_now::SetupPage;
use super::setup_fields::{date_of, day_form, options, text_field};
use super::tree_event_forms::{BranchRenameForm, DissolveUnitForm, MergeForm, RenameUnitForm};
use crate::api::pages::get_org;
use crate::api::views::{Choice, OrgNode, OrgView};
use crate::domain::branch::BranchKind;
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, UnitId};
use crate::sync::OpCall;
use crate::sync::ops::{CreateBranch, CreateUnit};

/// `/quan-tri/to-chuc`: the organisation tree as of a date; the administrator adds units, the
/// administrator or a commune's office founds branches.
#[component]
pub fn OrgPage() -> impl IntoView {
    let query = use_query_map();
    let as_of = move || query.read().get("ngay").filter(|d| !d.trim().is_empty());
    let data = Resource::new(as_of, get_org);
    let page = SetupPage { said: RwSignal::new(None), reload: Callback::new(move |()| data.refetch()) };
    provide_context(page);
    view! {
        <Title text="Tổ chức"/>
        <h1>"Tổ chức"</h1>
        <p class="lead">"Các đơn vị, chi bộ và văn bản thành lập, theo từng thời điểm; quá khứ không bị ghi đè."</p>
        {page.message()}
        {page_data(data, "Đang tải cây tổ chức…", org)}
    }
}

fn org(v: OrgView) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let as_of = RwSignal::new(v.as_of.clone());
    let navigate = use_navigate();
    let look = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Date::parse_vn(&as_of.get_untracked()) {
            Ok(d) => navigate(&format!("/quan-tri/to-chuc?ngay={}", d.to_vn()), Default::default()),
            Err(e) => cx.refuse(e.to_string()),
        }
    };
    let count = v.nodes.len();
    view! {
        <section class="panel">
            <h2>{format!("Cây tổ chức ngày {}", v.as_of)}</h2>
            {day_form("org-ngay", "Xem theo ngày", "dd/mm/yyyy", as_of, look)}
            {if count == 0 {
                view! { <p class="muted">"Chưa có đơn vị nào vào ngày này. Hãy bắt đầu bằng đơn vị cấp cao nhất (tỉnh hoặc huyện)."</p> }.into_any()
            } else {
                view! {
                    <table class="history org-tree" aria-label=format!("Cây tổ chức ngày {}", v.as_of)>
                        <thead><tr>
                            <th scope="col">"Đơn vị"</th><th scope="col">"Loại"</th><th scope="col">"Hiệu lực"</th>
                            <th scope="col">"Quyết định"</th><th scope="col">"Chi bộ"</th><th scope="col">"Lịch sử"</th>
                        </tr></thead>
                        <tbody>{v.nodes.into_iter().map(node).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {v.can_edit_tree.then(|| unit_form(v.unit_kinds.clone(), v.parents.clone()))}
        {(!v.branch_units.is_empty()).then(|| branch_form(v.branch_units.clone()))}
        {(!v.event_units.is_empty()).then(|| view! {
            <MergeForm kinds=v.event_kinds.clone() units=v.event_units.clone()/>
            <RenameUnitForm units=v.event_units.clone()/>
            <DissolveUnitForm units=v.event_units.clone()/>
        })}
        {(!v.renamable_branches.is_empty()).then(|| view! { <BranchRenameForm branches=v.renamable_branches.clone()/> })}
    }
    .into_any()
}

fn node(n: OrgNode) -> impl IntoView {
    let indent = format!("depth-{}", n.depth.min(4));
    let branches = n.branches.join("; ");
    let history = format!("/lich-su?don-vi={}", n.id);
    let history_label = format!("Lịch sử thay đổi của {}", n.name);
    view! {
        <tr>
            <th scope="row" class=indent>{n.name}</th>
            <td data-label="Loại">{n.kind}</td>
            <td data-label="Hiệu lực">{n.valid}</td>
            <td data-label="Quyết định">{n.decision}</td>
            <td data-label="Chi bộ">{branches}</td>
            <td data-label="Lịch sử"><a href=history aria-label=history_label>"Lịch sử"</a></td>
        </tr>
    }
}

fn unit_form(kinds: Vec<Choice>, parents: Vec<Choice>) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let (kind, name, parent, from, decision) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let valid_from = match date_of("Ngày thành lập", &from.get_untracked()) {
            Ok(d) => d,
            Err(e) => return cx.refuse(e),
        };
        let parent_id = UnitId::parse(&parent.get_untracked());
        let op = OpCall::from(CreateUnit {
            unit_id: UnitId::new(),
            type_code: kind.get_untracked(),
            name: name.get_untracked(),
            parent_id,
            valid_from,
            decision_no: decision.get_untracked(),
        });
        cx.send(op, None, format!("Đã thêm đơn vị «{}».", name.get_untracked().trim()));
    };
    view! {
        <form class="panel account-form" aria-label="Thêm đơn vị" novalidate on:submit=submit>
            <h2>"Thêm đơn vị"</h2>
            <label for="dv-loai">"Loại đơn vị"</label>
            <select id="dv-loai" prop:value=kind on:change=move |ev| kind.set(event_target_value(&ev))>{options(kinds, "— Chọn loại đơn vị —")}</select>
            {text_field("dv-ten", "Tên đơn vị", name, "")}
            <label for="dv-cap-tren">"Thuộc đơn vị"</label>
            <select id="dv-cap-tren" prop:value=parent on:change=move |ev| parent.set(event_target_value(&ev))>
                {options(parents, "— Không (đơn vị cấp cao nhất) —")}
            </select>
            {text_field("dv-tu-ngay", "Ngày thành lập", from, "dd/mm/yyyy")}
            {text_field("dv-quyet-dinh", "Số quyết định thành lập", decision, "")}
            <button type="submit" disabled=before_hydration() class="primary">"Thêm đơn vị"</button>
        </form>
    }
    .into_any()
}

fn branch_form(units: Vec<Choice>) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let (kind, unit, name, on, decision) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(kind_code) = BranchKind::from_code(&kind.get_untracked()) else {
            return cx.refuse("Hãy chọn loại chi bộ.");
        };
        let Some(unit_id) = UnitId::parse(&unit.get_untracked()) else {
            return cx.refuse("Hãy chọn xã, phường, thị trấn hoặc ấp, khóm của chi bộ.");
        };
        let founded_on = match date_of("Ngày thành lập", &on.get_untracked()) {
            Ok(d) => d,
            Err(e) => return cx.refuse(e),
        };
        let op = OpCall::from(CreateBranch {
            branch_id: BranchId::new(),
            name: name.get_untracked(),
            kind: kind_code,
            unit_id,
            founded_on,
            decision_no: decision.get_untracked(),
        });
        cx.send(op, None, format!("Đã thành lập «{}».", name.get_untracked().trim()));
    };
    let kinds: Vec<Choice> = BranchKind::ALL.iter().map(|k| Choice { value: k.code().into(), label: k.label().into() }).collect();
    view! {
        <form class="panel account-form" aria-label="Thành lập chi bộ" novalidate on:submit=submit>
            <h2>"Thành lập chi bộ"</h2>
            <label for="cb-loai">"Loại chi bộ"</label>
            <select id="cb-loai" prop:value=kind on:change=move |ev| kind.set(event_target_value(&ev))>{options(kinds, "— Chọn loại chi bộ —")}</select>
            <label for="cb-don-vi">"Thuộc"</label>
            <select id="cb-don-vi" prop:value=unit on:change=move |ev| unit.set(event_target_value(&ev))>
                {options(units, "— Chọn xã (chi bộ cơ quan) hoặc ấp, khóm (chi bộ ấp, khóm) —")}
            </select>
            {text_field("cb-ten", "Tên chi bộ", name, "")}
            {text_field("cb-ngay", "Ngày thành lập", on, "dd/mm/yyyy")}
            {text_field("cb-quyet-dinh", "Số quyết định thành lập", decision, "")}
            <button type="submit" disabled=before_hydration() class="primary">"Thành lập chi bộ"</button>
        </form>
    }
    .into_any()
}
