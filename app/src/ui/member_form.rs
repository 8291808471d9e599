use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::{FormState, Watched};
use super::hydration::before_hydration;
use super::setup_fields::date_of;
use crate::api::views::{Choice, MemberFormChoices};
use crate::client::{now_millis, use_sync};
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::member::{Field, Gender, JobCategory, MemberDraft, MemberStatus};
use crate::sync::OpCall;
use crate::sync::ops::SaveMember;

fn typed(id: &'static str, label: &'static str, value: RwSignal<String>, placeholder: &'static str, form: FormState) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id type="text" placeholder=placeholder autocomplete="off" prop:value=value
            on:input=move |ev| { value.set(event_target_value(&ev)); form.edited(); }/>
    }
}

/// A select bound to a signal of its value; `none` first when nothing need be chosen yet;
/// `picked` hears each choice.
fn chosen(
    id: &'static str,
    label: &'static str,
    none: Option<&'static str>,
    choices: Vec<Choice>,
    value: RwSignal<String>,
    form: FormState,
    picked: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <select id=id prop:value=value on:change=move |ev| {
            let v = event_target_value(&ev);
            value.set(v.clone());
            picked(v);
            form.edited();
        }>
            {none.map(|n| view! { <option value="">{n}</option> })}
            {choices.into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
        </select>
    }
}

fn codes<T: Copy + 'static>(all: &'static [T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|v| Choice { value: code(*v).into(), label: label(*v).into() }).collect()
}

/// The member form: every field of the record, checked by the domain's rules before it is queued
/// (offline too; the server checks again). A new member also chooses the branch they join
/// (their hamlet's is suggested); an existing one is edited on the version shown.
#[component]
pub fn MemberForm(choices: MemberFormChoices, existing: Option<(MemberId, MemberDraft, i64)>, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let start = existing.as_ref().map(|(_, d, _)| d.clone());
    // A new record starts on the first choice of each list, as its select shows.
    let text = |f: fn(&MemberDraft) -> String, first: &str| RwSignal::new(start.as_ref().map_or_else(|| first.to_string(), f));
    let name = text(|d| d.full_name.clone(), "");
    let gender = text(|d| d.gender.code().into(), Gender::ALL[0].code());
    let birth = text(|d| d.birth_date.to_vn(), "");
    let card = text(|d| d.party_card_no.clone(), "");
    let record = text(|d| d.record_no.clone(), "");
    let joined = text(|d| d.joined_on.to_vn(), "");
    let status = text(|d| d.status.code().into(), MemberStatus::ALL[0].code());
    let residence = text(|d| d.residence_id.to_string(), "");
    let job = text(|d| d.job_category.code().into(), JobCategory::ALL[0].code());
    let field = text(|d| d.field.code().into(), Field::ALL[0].code());
    let committee = RwSignal::new(start.as_ref().is_some_and(|d| d.is_committee_member));
    let leader = RwSignal::new(start.as_ref().is_some_and(|d| d.is_key_leader));
    let branch = RwSignal::new(String::new());
    let commune = UnitId::parse(&choices.commune_id);
    let is_new = existing.is_none();
    if let Some((id, _, version)) = &existing {
        form.watch(engine, vec![Watched::row("member", id, Some(*version))]);
    }
    let homes = StoredValue::new(choices.home_branches.clone());
    // Choosing a hamlet suggests its branch for a new member (the user may choose another).
    let suggest = move |hamlet: String| {
        if is_new && let Some((_, b)) = homes.with_value(|h| h.iter().find(|(x, _)| *x == hamlet).cloned()) {
            branch.set(b);
        }
    };
    let existing = StoredValue::new(existing);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let draft = (|| -> Result<MemberDraft, String> {
            Ok(MemberDraft {
                full_name: name.get_untracked(),
                gender: Gender::from_code(&gender.get_untracked()).ok_or("Chưa chọn giới tính.")?,
                birth_date: date_of("Ngày sinh", &birth.get_untracked())?,
                party_card_no: card.get_untracked(),
                record_no: record.get_untracked(),
                joined_on: date_of("Ngày vào Đảng", &joined.get_untracked())?,
                status: MemberStatus::from_code(&status.get_untracked()).ok_or("Chưa chọn đảng viên chính thức hay dự bị.")?,
                commune_id: commune.ok_or("Không rõ xã, thị trấn.")?,
                residence_id: UnitId::parse(&residence.get_untracked()).ok_or("Chưa chọn nơi cư trú (ấp, khóm).")?,
                job_category: JobCategory::from_code(&job.get_untracked()).ok_or("Chưa chọn công việc.")?,
                field: Field::from_code(&field.get_untracked()).ok_or("Chưa chọn lĩnh vực.")?,
                is_committee_member: committee.get_untracked(),
                is_key_leader: leader.get_untracked(),
            })
        })();
        let draft = match draft {
            Ok(d) => d,
            Err(e) => return form.refuse(e),
        };
        let (member_id, base) =
            existing.with_value(|e| e.as_ref().map(|(id, _, v)| (*id, Some(*v)))).unwrap_or_else(|| (MemberId::new(), None));
        let today = Date::from_unix_millis_vn(now_millis());
        if let Err(e) = draft.clone().validate(member_id, base.unwrap_or(0) + 1, today, true) {
            return form.refuse(e);
        }
        let branch_id = if is_new {
            match BranchId::parse(&branch.get_untracked()) {
                Some(b) => Some(b),
                None => return form.refuse("Chưa chọn chi bộ sinh hoạt."),
            }
        } else {
            None
        };
        let op = SaveMember { member_id, member: draft, branch_id };
        let op = OpCall::save_member(&op, is_new);
        if form.send(engine, vec![(op, base)]) && is_new {
            for s in [name, birth, card, record, joined] {
                s.set(String::new());
            }
        }
    };
    view! {
        <form class="follow-form member-form" aria-label=if is_new { "Thêm đảng viên" } else { "Sửa hồ sơ đảng viên" } on:submit=save>
            {typed("hs-ten", "Họ và tên", name, "", form)}
            {chosen("hs-gioi", "Giới tính", None, codes(Gender::ALL, Gender::code, Gender::label), gender, form, |_| ())}
            {typed("hs-sinh", "Ngày sinh", birth, "dd/mm/yyyy", form)}
            {typed("hs-the", "Số thẻ đảng viên", card, "", form)}
            {typed("hs-ly-lich", "Số lý lịch", record, "", form)}
            {typed("hs-vao-dang", "Ngày vào Đảng", joined, "dd/mm/yyyy", form)}
            {chosen("hs-dang-vien", "Đảng viên", None, codes(MemberStatus::ALL, MemberStatus::code, MemberStatus::label), status, form, |_| ())}
            {chosen("hs-cu-tru", "Nơi cư trú (ấp, khóm)", Some("— Chọn ấp, khóm —"), choices.hamlets, residence, form, suggest)}
            {is_new.then(|| chosen("hs-chi-bo", "Chi bộ sinh hoạt", Some("— Chọn chi bộ —"), choices.branches.clone(), branch, form, |_| ()))}
            {chosen("hs-cong-viec", "Công việc", None, codes(JobCategory::ALL, JobCategory::code, JobCategory::label), job, form, |_| ())}
            {chosen("hs-linh-vuc", "Lĩnh vực", None, codes(Field::ALL, Field::code, Field::label), field, form, |_| ())}
            <label class="check"><input type="checkbox" prop:checked=committee on:change=move |ev| { committee.set(event_target_checked(&ev)); form.edited(); }/>"Cấp ủy viên"</label>
            <label class="check"><input type="checkbox" prop:checked=leader on:change=move |ev| { leader.set(event_target_checked(&ev)); form.edited(); }/>"Lãnh đạo chủ chốt"</label>
            <button type="submit" class="primary" disabled=before_hydration()>{if is_new { "Thêm đảng viên" } else { "Lưu hồ sơ" }}</button>
        </form>
        {form.message()}
    }
}
