//! The administrator's events of the organisation tree — merge units, rename one, dissolve one —
//! and the renaming of a branch, on the organisation page. Each is sent at once and the page says
//! how it went; the rules are the server's (`domain::org`, `domain::branch`).

use leptos::prelude::*;

use super::hydration::before_hydration;
use super::push_now::SetupPage;
use super::setup_fields::{check_chips, date_of, options, text_field};
use crate::api::views::{Choice, TreeChoice};
use crate::domain::ids::{BranchId, UnitId};
use crate::domain::org::MergeDraft;
use crate::sync::OpCall;
use crate::sync::ops::{DissolveUnit, MergeUnits, RenameBranch, RenameUnit};

fn plain(choices: &[TreeChoice]) -> Vec<Choice> {
    choices.iter().map(|c| Choice { value: c.value.clone(), label: c.label.clone() }).collect()
}

fn version_of(choices: &[TreeChoice], value: &str) -> Option<i64> {
    choices.iter().find(|c| c.value == value).map(|c| c.version)
}

/// "Sáp nhập đơn vị": the kind of the new unit first; the units of that level are offered.
#[component]
pub fn MergeForm(kinds: Vec<TreeChoice>, units: Vec<TreeChoice>) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let (kind, name, parent, on, decision) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let sources = RwSignal::new(Vec::<String>::new());
    let level = {
        let kinds = kinds.clone();
        Memo::new(move |_| kind.with(|k| kinds.iter().find(|c| c.value == *k).map(|c| c.level)))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on = match date_of("Ngày có hiệu lực", &on.get_untracked()) {
            Ok(d) => d,
            Err(e) => return cx.refuse(e),
        };
        let merge = MergeDraft {
            sources: sources.get_untracked().iter().filter_map(|s| UnitId::parse(s)).collect(),
            type_code: kind.get_untracked(),
            name: name.get_untracked(),
            on,
            parent_id: UnitId::parse(&parent.get_untracked()),
            decision_no: decision.get_untracked(),
        };
        let done = format!("Đã sáp nhập thành «{}».", merge.name.trim());
        cx.send(OpCall::from(MergeUnits { unit_id: UnitId::new(), merge }), None, done);
    };
    let kind_choices = plain(&kinds);
    let offered = move || {
        let l = level.get();
        let same: Vec<TreeChoice> = units.iter().filter(|u| Some(u.level) == l).cloned().collect();
        let above: Vec<TreeChoice> = units.iter().filter(|u| l.is_some_and(|l| l > 0 && u.level + 1 == l)).cloned().collect();
        (plain(&same), plain(&above))
    };
    view! {
        <form class="panel account-form" aria-label="Sáp nhập đơn vị" novalidate on:submit=submit>
            <h2>"Sáp nhập đơn vị"</h2>
            <p class="muted">"Các đơn vị cũ kết thúc vào ngày trước ngày có hiệu lực và vẫn còn trong lịch sử; ấp, khóm, chi bộ, đảng viên và tài khoản của chúng chuyển sang đơn vị mới."</p>
            <label for="sn-loai">"Loại đơn vị mới"</label>
            <select id="sn-loai" prop:value=kind on:change=move |ev| {
                kind.set(event_target_value(&ev));
                sources.set(Vec::new());
            }>{options(kind_choices, "— Chọn loại đơn vị —")}</select>
            {move || {
                let (same, above) = offered();
                if level.get().is_none() {
                    return view! { <p class="muted">"Chọn loại đơn vị mới để thấy các đơn vị cùng cấp có thể sáp nhập."</p> }.into_any();
                }
                view! {
                    {check_chips("Các đơn vị sáp nhập", same, sources)}
                    <label for="sn-cap-tren">"Thuộc đơn vị"</label>
                    <select id="sn-cap-tren" prop:value=parent on:change=move |ev| parent.set(event_target_value(&ev))>
                        {options(above, "— Như các đơn vị sáp nhập —")}
                    </select>
                }.into_any()
            }}
            {text_field("sn-ten", "Tên đơn vị mới", name, "")}
            {text_field("sn-ngay", "Ngày có hiệu lực", on, "dd/mm/yyyy")}
            {text_field("sn-van-ban", "Số văn bản quyết định", decision, "ví dụ 1663/NQ-UBTVQH15")}
            <button type="submit" disabled=before_hydration() class="primary">"Sáp nhập"</button>
        </form>
    }
    .into_any()
}

/// "Đổi tên đơn vị": the former name stays in the tree of earlier days.
#[component]
pub fn RenameUnitForm(units: Vec<TreeChoice>) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let (unit, name, on, decision) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let choices = plain(&units);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(unit_id) = UnitId::parse(&unit.get_untracked()) else { return cx.refuse("Hãy chọn đơn vị cần đổi tên.") };
        let on = match date_of("Ngày có hiệu lực", &on.get_untracked()) {
            Ok(d) => d,
            Err(e) => return cx.refuse(e),
        };
        let base = version_of(&units, &unit.get_untracked());
        let op = OpCall::from(RenameUnit { unit_id, name: name.get_untracked(), on, decision_no: decision.get_untracked() });
        cx.send(op, base, format!("Đã đổi tên thành «{}».", name.get_untracked().trim()));
    };
    view! {
        <form class="panel account-form" aria-label="Đổi tên đơn vị" novalidate on:submit=submit>
            <h2>"Đổi tên đơn vị"</h2>
            <label for="dt-don-vi">"Đơn vị"</label>
            <select id="dt-don-vi" prop:value=unit on:change=move |ev| unit.set(event_target_value(&ev))>
                {options(choices, "— Chọn đơn vị —")}
            </select>
            {text_field("dt-ten", "Tên mới", name, "")}
            {text_field("dt-ngay", "Ngày có hiệu lực", on, "dd/mm/yyyy")}
            {text_field("dt-van-ban", "Số văn bản quyết định", decision, "")}
            <button type="submit" disabled=before_hydration() class="primary">"Đổi tên"</button>
        </form>
    }
    .into_any()
}

/// "Giải thể đơn vị": what the unit still holds goes to a unit of the same level.
#[component]
pub fn DissolveUnitForm(units: Vec<TreeChoice>) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let (unit, successor, on, decision) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let all = StoredValue::new(units.clone());
    let choices = plain(&units);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(unit_id) = UnitId::parse(&unit.get_untracked()) else { return cx.refuse("Hãy chọn đơn vị cần giải thể.") };
        let on = match date_of("Ngày giải thể", &on.get_untracked()) {
            Ok(d) => d,
            Err(e) => return cx.refuse(e),
        };
        let base = all.with_value(|u| version_of(u, &unit.get_untracked()));
        let op = OpCall::from(DissolveUnit {
            unit_id,
            on,
            successor_id: UnitId::parse(&successor.get_untracked()),
            decision_no: decision.get_untracked(),
        });
        cx.send(op, base, "Đã giải thể đơn vị.".into());
    };
    let peers = move || {
        let chosen = unit.get();
        all.with_value(|u| {
            let level = u.iter().find(|c| c.value == chosen).map(|c| c.level);
            plain(&u.iter().filter(|c| Some(c.level) == level && c.value != chosen).cloned().collect::<Vec<_>>())
        })
    };
    view! {
        <form class="panel account-form" aria-label="Giải thể đơn vị" novalidate on:submit=submit>
            <h2>"Giải thể đơn vị"</h2>
            <label for="gt-don-vi">"Đơn vị"</label>
            <select id="gt-don-vi" prop:value=unit on:change=move |ev| unit.set(event_target_value(&ev))>
                {options(choices, "— Chọn đơn vị —")}
            </select>
            <label for="gt-tiep-nhan">"Đơn vị tiếp nhận"</label>
            <select id="gt-tiep-nhan" prop:value=successor on:change=move |ev| successor.set(event_target_value(&ev))>
                {move || options(peers(), "— Không (đơn vị không còn gì trực thuộc) —")}
            </select>
            {text_field("gt-ngay", "Ngày giải thể", on, "dd/mm/yyyy")}
            {text_field("gt-van-ban", "Số văn bản quyết định", decision, "")}
            <button type="submit" disabled=before_hydration() class="primary">"Giải thể đơn vị"</button>
        </form>
    }
    .into_any()
}

/// "Đổi tên chi bộ": an active branch the user manages.
#[component]
pub fn BranchRenameForm(branches: Vec<TreeChoice>) -> impl IntoView {
    let Some(cx) = use_context::<SetupPage>() else { return ().into_any() };
    let (branch, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let choices = plain(&branches);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(branch_id) = BranchId::parse(&branch.get_untracked()) else { return cx.refuse("Hãy chọn chi bộ cần đổi tên.") };
        let base = version_of(&branches, &branch.get_untracked());
        let op = OpCall::from(RenameBranch { branch_id, name: name.get_untracked() });
        cx.send(op, base, format!("Đã đổi tên chi bộ thành «{}».", name.get_untracked().trim()));
    };
    view! {
        <form class="panel account-form" aria-label="Đổi tên chi bộ" novalidate on:submit=submit>
            <h2>"Đổi tên chi bộ"</h2>
            <label for="dtcb-chi-bo">"Chi bộ"</label>
            <select id="dtcb-chi-bo" prop:value=branch on:change=move |ev| branch.set(event_target_value(&ev))>
                {options(choices, "— Chọn chi bộ —")}
            </select>
            {text_field("dtcb-ten", "Tên mới", name, "")}
            <button type="submit" disabled=before_hydration() class="primary">"Đổi tên chi bộ"</button>
        </form>
    }
    .into_any()
}
