use std::collections::HashSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::form_state::{FormState, Watched};
use super::hydration::before_hydration;
use crate::api::views::BranchPageView;
use crate::client::use_sync;
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, MeetingId, MemberId};
use crate::domain::meeting::{AttendanceLine, MeetingContext, MeetingDraft, MeetingKind, Presence};
use crate::sync::OpCall;
use crate::sync::ops::SaveMeeting;

/// One member's line of the attendance sheet: three choices and two ticks, big enough for a thumb.
#[derive(Clone, Copy)]
struct SheetLine {
    member: MemberId,
    presence: RwSignal<Presence>,
    spoke: RwSignal<bool>,
    contributed: RwSignal<bool>,
}

impl SheetLine {
    fn draft(self) -> AttendanceLine {
        AttendanceLine {
            member_id: self.member,
            presence: self.presence.get_untracked(),
            spoke: self.spoke.get_untracked(),
            contributed: self.contributed.get_untracked(),
        }
    }
}

fn sheet_line(line: SheetLine, name: String, form: FormState) -> impl IntoView {
    let group = format!("co-mat-{}", line.member);
    let may_speak = move || line.presence.get().may_speak();
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
                                    if !p.may_speak() {
                                        line.spoke.set(false);
                                        line.contributed.set(false);
                                    }
                                    form.edited();
                                }
                            />
                            {p.label()}
                        </label>
                    }
                }).collect_view()}
            </div>
            <div class="ticks">
                <label class="choice">
                    <input type="checkbox" prop:checked=line.spoke prop:disabled=move || !may_speak()
                        on:change=move |ev| { line.spoke.set(event_target_checked(&ev)); form.edited(); }/>
                    "Phát biểu"
                </label>
                <label class="choice">
                    <input type="checkbox" prop:checked=line.contributed prop:disabled=move || !may_speak()
                        on:change=move |ev| { line.contributed.set(event_target_checked(&ev)); form.edited(); }/>
                    "Góp ý xây dựng nghị quyết"
                </label>
            </div>
        </fieldset>
    }
}

/// "Sinh hoạt tháng …": this month's meeting (or a new one), every member present by default,
/// so that the secretary only taps the absent ones and those who spoke.
#[component]
pub fn MeetingForm(page: BranchPageView, branch: BranchId, form: FormState) -> impl IntoView {
    let engine = use_sync();
    let existing = page.this_month.clone();
    let meeting_id = existing.as_ref().map_or_else(MeetingId::new, |r| r.meeting.id);
    let shown = existing.as_ref().map(|r| r.meeting.version);
    form.watch(engine, vec![Watched::row("meeting", meeting_id, shown)]);
    let kind = RwSignal::new(existing.as_ref().map_or_else(|| page.default_kind.clone(), |r| r.meeting.kind.code().to_string()));
    let date = RwSignal::new(existing.as_ref().map_or_else(|| page.today.clone(), |r| r.meeting.date.to_vn()));
    let observer = RwSignal::new(existing.as_ref().and_then(|r| r.meeting.observer.clone()).unwrap_or_default());
    let lines: Vec<(SheetLine, String)> = page
        .members
        .iter()
        .filter_map(|m| {
            let id = MemberId::parse(&m.id)?;
            let row = existing.as_ref().and_then(|r| r.attendance.iter().find(|a| a.member_id == id));
            let line = SheetLine {
                member: id,
                presence: RwSignal::new(row.map_or(Presence::Present, |a| a.presence)),
                spoke: RwSignal::new(row.is_some_and(|a| a.spoke)),
                contributed: RwSignal::new(row.is_some_and(|a| a.contributed)),
            };
            Some((line, m.name.clone()))
        })
        .collect();
    let sheet: Vec<SheetLine> = lines.iter().map(|(l, _)| *l).collect();
    let members: HashSet<MemberId> = sheet.iter().map(|l| l.member).collect();
    let today = Date::parse_vn(&page.today).ok();
    let present_count = {
        let sheet = sheet.clone();
        move || sheet.iter().filter(|l| l.presence.get() == Presence::Present).count()
    };
    let total = sheet.len();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let day = match Date::parse_vn(&date.get_untracked()) {
            Ok(d) => d,
            Err(e) => return form.refuse(e),
        };
        let draft = MeetingDraft {
            branch_id: branch,
            date: day,
            kind: MeetingKind::from_code(&kind.get_untracked()).unwrap_or(MeetingKind::Regular),
            observer: observer.get_untracked(),
            attendance: sheet.iter().map(|l| l.draft()).collect(),
        };
        // The rules the device can check (the server checks them all again, with the meetings
        // the branch already held).
        let cx = MeetingContext { members: &members, held: &[], today: today.unwrap_or(day), dissolved_on: None };
        if let Err(e) = draft.clone().validate(meeting_id, 1, &cx) {
            return form.refuse(e);
        }
        let base = engine.base_version("meeting", &meeting_id.to_string(), shown);
        form.send(engine, vec![(OpCall::from(SaveMeeting { meeting_id, meeting: draft }), base)]);
    };
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
                    <select id="sh-loai" prop:value=kind on:change=move |ev| { kind.set(event_target_value(&ev)); form.edited(); }>
                        {MeetingKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                    </select>
                    <label for="sh-ngay">"Ngày sinh hoạt"</label>
                    <input id="sh-ngay" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" prop:value=date
                        on:input=move |ev| { date.set(event_target_value(&ev)); form.edited(); }/>
                    <label for="sh-du">"Cấp ủy cấp trên dự sinh hoạt (nếu có)"</label>
                    <input id="sh-du" type="text" prop:value=observer
                        on:input=move |ev| { observer.set(event_target_value(&ev)); form.edited(); }/>
                </div>
                <p class="muted" aria-live="polite">{move || format!("Có mặt {}/{}", present_count(), total)}</p>
                {lines.into_iter().map(|(line, name)| sheet_line(line, name, form)).collect_view()}
                <button type="submit" disabled=before_hydration() class="primary wide">"Lưu buổi sinh hoạt"</button>
            </form>
            {form.message()}
        </section>
    }
}
