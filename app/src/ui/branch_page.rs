use std::collections::HashSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::follow_forms::{Message, saved_message, show};
use super::page_data::page_data;
use super::sync_engine::{SyncEngine, use_sync};
use crate::api::pages::get_branch;
use crate::api::views::{BranchMember, BranchPageView, HistoryRow};
use crate::domain::date::Date;
use crate::domain::evaluation::{Evaluation, EvaluationDraft, Rating, SubjectKind};
use crate::domain::ids::{BranchId, EvaluationId, MeetingId, MemberId};
use crate::domain::meeting::{AttendanceLine, MeetingContext, MeetingDraft, MeetingKind, Presence};
use crate::sync::Op;
use crate::sync::ops::{SaveEvaluation, SaveMeeting};

/// What the branch page's forms share: their messages (kept when the page refreshes after the
/// server answered) and whether something typed is not saved yet (then the page does not refresh).
#[derive(Clone, Copy)]
struct BranchForms {
    meeting: Message,
    proposals: Message,
    branch_rating: Message,
    dirty: RwSignal<bool>,
}

fn enqueue(engine: SyncEngine, ops: Vec<(Op, Option<i64>)>, message: Message, forms: BranchForms) -> bool {
    match engine.enqueue(ops) {
        Ok(()) => {
            message.set(Some((false, saved_message(engine.link.get_untracked()))));
            forms.dirty.set(false);
            true
        }
        Err(e) => {
            message.set(Some((true, e)));
            false
        }
    }
}

/// One member's line of the attendance sheet: three choices and two ticks, big enough for a thumb.
#[derive(Clone, Copy)]
struct SheetLine {
    member: MemberId,
    presence: RwSignal<Presence>,
    spoke: RwSignal<bool>,
    contributed: RwSignal<bool>,
}

fn sheet_line(line: SheetLine, name: String, dirty: RwSignal<bool>) -> impl IntoView {
    let group = format!("co-mat-{}", line.member);
    let present = move || line.presence.get() == Presence::Present;
    view! {
        <fieldset class="attendance-line">
            <legend>{name}</legend>
            <div class="presence" role="radiogroup" aria-label="Điểm danh">
                {Presence::ALL.iter().map(|p| {
                    let p = *p;
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name=group.clone()
                                value=p.code()
                                prop:checked=move || line.presence.get() == p
                                on:change=move |_| {
                                    line.presence.set(p);
                                    if p != Presence::Present {
                                        line.spoke.set(false);
                                        line.contributed.set(false);
                                    }
                                    dirty.set(true);
                                }
                            />
                            {p.label()}
                        </label>
                    }
                }).collect_view()}
            </div>
            <div class="ticks">
                <label class="choice">
                    <input type="checkbox" prop:checked=line.spoke prop:disabled=move || !present()
                        on:change=move |ev| { line.spoke.set(event_target_checked(&ev)); dirty.set(true); }/>
                    "Phát biểu"
                </label>
                <label class="choice">
                    <input type="checkbox" prop:checked=line.contributed prop:disabled=move || !present()
                        on:change=move |ev| { line.contributed.set(event_target_checked(&ev)); dirty.set(true); }/>
                    "Góp ý xây dựng nghị quyết"
                </label>
            </div>
        </fieldset>
    }
}

/// "Sinh hoạt tháng …": this month's meeting (or a new one), every member present by default,
/// so that the secretary only taps the absent ones and those who spoke.
fn meeting_form(v: &BranchPageView, branch: BranchId, forms: BranchForms) -> impl IntoView {
    let engine = use_sync();
    let existing = v.this_month.clone();
    let meeting_id = existing.as_ref().map_or_else(MeetingId::new, |r| r.meeting.id);
    // The version the next save is based on: the server's, then the one this device's save makes.
    let base = StoredValue::new(existing.as_ref().map(|r| r.meeting.version));
    let kind = RwSignal::new(existing.as_ref().map_or_else(|| v.default_kind.clone(), |r| r.meeting.kind.code().to_string()));
    let date = RwSignal::new(existing.as_ref().map_or_else(|| v.today.clone(), |r| r.meeting.date.to_vn()));
    let observer = RwSignal::new(existing.as_ref().and_then(|r| r.meeting.observer.clone()).unwrap_or_default());
    let lines: Vec<(SheetLine, String)> = v
        .members
        .iter()
        .filter_map(|m| {
            let id = MemberId::parse(&m.id)?;
            let row = existing.as_ref().and_then(|r| r.attendance.iter().find(|a| a.member_id == id));
            Some((
                SheetLine {
                    member: id,
                    presence: RwSignal::new(row.map_or(Presence::Present, |a| a.presence)),
                    spoke: RwSignal::new(row.is_some_and(|a| a.spoke)),
                    contributed: RwSignal::new(row.is_some_and(|a| a.contributed)),
                },
                m.name.clone(),
            ))
        })
        .collect();
    let sheet: Vec<SheetLine> = lines.iter().map(|(l, _)| *l).collect();
    let members: HashSet<MemberId> = sheet.iter().map(|l| l.member).collect();
    let today = Date::parse_vn(&v.today).ok();
    let present_count = {
        let sheet = sheet.clone();
        move || sheet.iter().filter(|l| l.presence.get() == Presence::Present).count()
    };
    let total = sheet.len();
    let message = forms.meeting;
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let day = match Date::parse_vn(&date.get_untracked()) {
            Ok(d) => d,
            Err(e) => return message.set(Some((true, e.to_string()))),
        };
        let draft = MeetingDraft {
            branch_id: branch,
            date: day,
            kind: MeetingKind::from_code(&kind.get_untracked()).unwrap_or(MeetingKind::Regular),
            observer: observer.get_untracked(),
            attendance: sheet
                .iter()
                .map(|l| AttendanceLine {
                    member_id: l.member,
                    presence: l.presence.get_untracked(),
                    spoke: l.spoke.get_untracked(),
                    contributed: l.contributed.get_untracked(),
                })
                .collect(),
        };
        // The rules the device can check (the server checks them all again, with the meetings
        // the branch already held).
        let cx = MeetingContext { members: &members, held: &[], today: today.unwrap_or(day), dissolved_on: None };
        if let Err(e) = draft.clone().validate(meeting_id, 1, &cx) {
            return message.set(Some((true, e.to_string())));
        }
        let prior = base.get_value();
        if enqueue(engine, vec![(Op::SaveMeeting(SaveMeeting { meeting_id, meeting: draft }), prior)], message, forms) {
            base.set_value(Some(prior.map_or(1, |v| v + 1)));
        }
    };
    let dirty = forms.dirty;
    let heading = match &existing {
        Some(r) => {
            format!("Sinh hoạt tháng {:02}/{} (đã ghi ngày {})", r.meeting.date.month(), r.meeting.date.year(), r.meeting.date.to_vn())
        }
        None => today.map_or_else(|| "Buổi sinh hoạt mới".to_string(), |t| format!("Sinh hoạt tháng {:02}/{}", t.month(), t.year())),
    };
    view! {
        <section class="panel">
            <h2 id="sinh-hoat">{heading}</h2>
            <form class="meeting-form" aria-labelledby="sinh-hoat" on:submit=save>
                <div class="meeting-head">
                    <label for="sh-loai">"Hình thức"</label>
                    <select id="sh-loai" prop:value=kind on:change=move |ev| { kind.set(event_target_value(&ev)); dirty.set(true); }>
                        {MeetingKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                    </select>
                    <label for="sh-ngay">"Ngày sinh hoạt"</label>
                    <input id="sh-ngay" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=date
                        on:input=move |ev| { date.set(event_target_value(&ev)); dirty.set(true); }/>
                    <label for="sh-du">"Cấp ủy cấp trên dự sinh hoạt (nếu có)"</label>
                    <input id="sh-du" type="text" prop:value=observer
                        on:input=move |ev| { observer.set(event_target_value(&ev)); dirty.set(true); }/>
                </div>
                <p class="muted" aria-live="polite">{move || format!("Có mặt {}/{}", present_count(), total)}</p>
                {lines.into_iter().map(|(line, name)| sheet_line(line, name, dirty)).collect_view()}
                <button type="submit" class="primary wide">"Lưu buổi sinh hoạt"</button>
            </form>
            {show(message)}
        </section>
    }
}

fn rating_options() -> impl IntoView {
    view! {
        <option value="">"— Chưa đề xuất —"</option>
        {Rating::ALL.iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
    }
}

/// "Đề xuất xếp loại năm …": the branch proposes a rating for each member; only the changed
/// proposals are sent, each on the version of the member's evaluation the page showed.
fn proposals_form(v: &BranchPageView, forms: BranchForms) -> impl IntoView {
    let engine = use_sync();
    let year = v.year;
    // Per member: the choice, the proposal last saved (or shown), the version to base a save on.
    type Row = (BranchMember, RwSignal<String>, StoredValue<Option<Rating>>, StoredValue<Option<i64>>);
    let rows: Vec<Row> = v
        .members
        .iter()
        .map(|m| {
            let proposed = m.evaluation.as_ref().and_then(|e| e.proposed);
            let code = proposed.map(|r| r.code().to_string()).unwrap_or_default();
            (m.clone(), RwSignal::new(code), StoredValue::new(proposed), StoredValue::new(m.evaluation.as_ref().map(|e| e.version)))
        })
        .collect();
    let message = forms.proposals;
    let saved: Vec<_> = rows.iter().map(|(m, value, last, base)| (m.clone(), *value, *last, *base)).collect();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut ops = Vec::new();
        let mut sent = Vec::new();
        for (m, value, last, base) in &saved {
            let proposed = Rating::from_code(&value.get_untracked());
            if proposed == last.get_value() {
                continue;
            }
            let e = m.evaluation.as_ref();
            let mut draft = e.map_or_else(|| EvaluationDraft::blank(SubjectKind::Member, m.id.clone(), year), Evaluation::draft);
            draft.proposed = proposed;
            let id = e.map_or_else(EvaluationId::new, |e| e.id);
            if let Err(err) = draft.clone().validate(id, 1) {
                return message.set(Some((true, format!("{}: {err}", m.name))));
            }
            ops.push((Op::SaveEvaluation(SaveEvaluation { evaluation_id: id, evaluation: draft }), base.get_value()));
            sent.push((*last, proposed, *base));
        }
        if ops.is_empty() {
            return message.set(Some((true, "Chưa có đề xuất nào thay đổi.".into())));
        }
        if enqueue(engine, ops, message, forms) {
            for (last, proposed, base) in sent {
                last.set_value(proposed);
                base.set_value(Some(base.get_value().map_or(1, |v| v + 1)));
            }
        }
    };
    let dirty = forms.dirty;
    view! {
        <section class="panel">
            <h2 id="de-xuat">{format!("Đề xuất xếp loại năm {year}")}</h2>
            <form class="proposals" aria-labelledby="de-xuat" on:submit=save>
                {rows.into_iter().enumerate().map(|(i, (m, value, ..))| {
                    let id = format!("dx-{i}");
                    let label = m.name.clone();
                    view! {
                        <div class="proposal">
                            <label for=id.clone()>{label}</label>
                            <select id=id prop:value=value on:change=move |ev| { value.set(event_target_value(&ev)); dirty.set(true); }>
                                {rating_options()}
                            </select>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="primary wide">"Lưu đề xuất"</button>
            </form>
            {show(message)}
        </section>
    }
}

/// "Xếp loại chi bộ năm …" (commune staff): the branch's own rating.
fn branch_rating_form(v: &BranchPageView, branch: BranchId, forms: BranchForms) -> impl IntoView {
    let engine = use_sync();
    let year = v.year;
    let current = v.branch_evaluation.clone();
    let value = RwSignal::new(current.as_ref().and_then(|e| e.final_rating).map(|r| r.code().to_string()).unwrap_or_default());
    let base = StoredValue::new(current.as_ref().map(|e| e.version));
    let id = current.as_ref().map_or_else(EvaluationId::new, |e| e.id);
    let message = forms.branch_rating;
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut draft =
            current.as_ref().map_or_else(|| EvaluationDraft::blank(SubjectKind::Branch, branch.to_string(), year), Evaluation::draft);
        draft.final_rating = Rating::from_code(&value.get_untracked());
        if let Err(e) = draft.clone().validate(id, 1) {
            return message.set(Some((true, e.to_string())));
        }
        let prior = base.get_value();
        if enqueue(engine, vec![(Op::SaveEvaluation(SaveEvaluation { evaluation_id: id, evaluation: draft }), prior)], message, forms) {
            base.set_value(Some(prior.map_or(1, |v| v + 1)));
        }
    };
    view! {
        <section class="panel">
            <h2 id="xl-chi-bo">{format!("Xếp loại chi bộ năm {year}")}</h2>
            <form class="follow-form" aria-labelledby="xl-chi-bo" on:submit=save>
                <label for="xl-chi-bo-muc">"Mức xếp loại"</label>
                <select id="xl-chi-bo-muc" prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"— Chưa xếp loại —"</option>
                    {Rating::ALL.iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
                </select>
                <button type="submit" class="primary">"Lưu xếp loại chi bộ"</button>
            </form>
            {show(message)}
        </section>
    }
}

fn recent(rows: Vec<HistoryRow>) -> impl IntoView {
    let headers = ["Ngày", "Hình thức", "Có mặt", "Cấp trên dự"];
    view! {
        <section class="panel">
            <h2 id="gan-day">"Các buổi sinh hoạt gần đây"</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"Chưa có buổi sinh hoạt nào được ghi nhận."</p> }.into_any()
            } else {
                view! {
                    <table class="history" aria-labelledby="gan-day">
                        <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>{r.cells.into_iter().zip(headers).map(|(c, h)| view! { <td data-label=h>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn members(list: &[BranchMember]) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{format!("Đảng viên ({})", list.len())}</h2>
            <ul class="members">
                {list.iter().map(|m| view! {
                    <li class="member-line">
                        <a href=format!("/dang-vien/{}", m.id)>{m.name.clone()}</a>
                        {m.badges.iter().map(|b| view! { <span class="badge badge-leader">{b.clone()}</span> }).collect_view()}
                        {m.flags.iter().map(|f| view! { <span class="badge badge-flag">{f.clone()}</span> }).collect_view()}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

fn branch(v: BranchPageView) -> impl IntoView {
    let forms = use_context::<BranchForms>().expect("the branch page provides its forms");
    let id = BranchId::parse(&v.id);
    let follow = match (v.can_follow, id) {
        (true, Some(b)) => Some(view! { {meeting_form(&v, b, forms)} {proposals_form(&v, forms)} }),
        _ => None,
    };
    let rate_branch = match (v.can_rate_branch && v.active, id) {
        (true, Some(b)) => Some(branch_rating_form(&v, b, forms)),
        _ => None,
    };
    view! {
        <Title text=v.name.clone()/>
        <p class="crumbs"><a href=format!("/xa/{}", v.commune_id)>{v.commune.clone()}</a></p>
        <h1>{v.name.clone()}</h1>
        {(!v.active).then(|| view! { <p class="muted">"Chi bộ đã giải thể."</p> })}
        {follow}
        {members(&v.members)}
        {rate_branch}
        {recent(v.recent)}
    }
}

/// `/chi-bo/:id`: the branch secretary's page — this month's meeting and its attendance in a few
/// taps, the proposals of ratings, the members and their flags.
#[component]
pub fn BranchPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), get_branch);
    let forms = BranchForms {
        meeting: RwSignal::new(None),
        proposals: RwSignal::new(None),
        branch_rating: RwSignal::new(None),
        dirty: RwSignal::new(false),
    };
    provide_context(forms);
    // A pull refreshes the page, unless the user is in the middle of typing something.
    let engine = use_sync();
    Effect::new(move |previous: Option<i64>| {
        let cursor = engine.with(|r| r.cursor).unwrap_or(0);
        if previous.is_some_and(|p| p != cursor) && !forms.dirty.get_untracked() {
            data.refetch();
        }
        cursor
    });
    page_data(data, "Đang tải…", branch)
}
