//! Branch meetings and attendance.

use serde::{Deserialize, Serialize};

use std::collections::HashSet;

use super::DomainError;
use super::date::Date;
use super::free_text::{FreeText, OBSERVER};
use super::ids::{BranchId, MeetingId, MemberId};

coded_enum!(
    /// Monthly regular meeting, or quarterly thematic one.
    MeetingKind {
        Regular = "regular", "Sinh hoạt định kỳ";
        Thematic = "thematic", "Sinh hoạt chuyên đề";
    }
);

coded_enum!(
    /// Whether a member came.
    Presence {
        Present = "present", "Có mặt";
        Excused = "excused", "Vắng có lý do";
        Absent = "absent", "Vắng không lý do";
    }
);

/// A meeting of a branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub branch_id: BranchId,
    pub date: Date,
    pub kind: MeetingKind,
    /// The superior committee member who attended (dự sinh hoạt), if any.
    pub observer: Option<String>,
    pub version: i64,
}

/// One member's attendance at a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub meeting_id: MeetingId,
    pub member_id: MemberId,
    pub presence: Presence,
    pub spoke: bool,
    pub contributed: bool,
}

impl Presence {
    /// Only a member who was present can have spoken or contributed.
    pub fn may_speak(self) -> bool {
        self == Self::Present
    }
}

impl Attendance {
    /// Only a member who was present can have spoken or contributed.
    pub fn validate(self) -> Result<Self, DomainError> {
        if !self.presence.may_speak() && (self.spoke || self.contributed) {
            return Err(DomainError::AbsentCannotSpeak);
        }
        Ok(self)
    }
}

/// A meeting with its attendance sheet, as the change log and the audit log keep it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub attendance: Vec<Attendance>,
}

/// What a meeting is checked against: the branch's official members on the meeting's date, the
/// meetings it already held, today, and the day it was dissolved (if it was).
#[derive(Clone, Debug)]
pub struct MeetingContext<'a> {
    pub members: &'a HashSet<MemberId>,
    pub held: &'a [HeldMeeting],
    pub today: Date,
    pub dissolved_on: Option<Date>,
}

/// One line of the attendance sheet, as a form or a mutation gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceLine {
    pub member_id: MemberId,
    pub presence: Presence,
    #[serde(default)]
    pub spoke: bool,
    #[serde(default)]
    pub contributed: bool,
}

/// What a form or a mutation says about a meeting and its attendance sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub branch_id: BranchId,
    pub date: Date,
    pub kind: MeetingKind,
    #[serde(default)]
    pub observer: String,
    pub attendance: Vec<AttendanceLine>,
}

/// The meetings a branch already has, for the one-regular-meeting-a-month rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeldMeeting {
    pub id: MeetingId,
    pub date: Date,
    pub kind: MeetingKind,
}

impl MeetingDraft {
    /// Checks the meeting against its context: held already (not in the future), not after the
    /// branch was dissolved, one regular meeting a month, each member of the branch on the sheet
    /// at most once, nobody from outside the branch, absent members neither spoke nor contributed.
    pub fn validate(self, id: MeetingId, version: i64, cx: &MeetingContext<'_>) -> Result<MeetingRecord, DomainError> {
        let (members, held) = (cx.members, cx.held);
        if self.date > cx.today {
            return Err(DomainError::MeetingInFuture(self.date.to_vn()));
        }
        if cx.dissolved_on.is_some_and(|d| self.date >= d) {
            return Err(DomainError::MeetingAfterDissolution);
        }
        if self.date.year() < 2018 {
            return Err(DomainError::InvalidYear(self.date.year()));
        }
        let same_month = |h: &&HeldMeeting| {
            h.id != id && h.kind == MeetingKind::Regular && (h.date.year(), h.date.month()) == (self.date.year(), self.date.month())
        };
        if self.kind == MeetingKind::Regular && held.iter().any(|h| same_month(&h)) {
            return Err(DomainError::SecondRegularMeeting(format!("{:02}/{}", self.date.month(), self.date.year())));
        }
        let observer: String = FreeText::optional(&self.observer, OBSERVER)?.into();
        if self.attendance.is_empty() {
            return Err(DomainError::Required("điểm danh"));
        }
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(self.attendance.len());
        for line in self.attendance {
            if !members.contains(&line.member_id) {
                return Err(DomainError::AttendeeNotInBranch);
            }
            if !seen.insert(line.member_id) {
                return Err(DomainError::AttendeeTwice);
            }
            rows.push(
                Attendance {
                    meeting_id: id,
                    member_id: line.member_id,
                    presence: line.presence,
                    spoke: line.spoke,
                    contributed: line.contributed,
                }
                .validate()?,
            );
        }
        let meeting = Meeting {
            id,
            branch_id: self.branch_id,
            date: self.date,
            kind: self.kind,
            observer: (!observer.is_empty()).then_some(observer),
            version,
        };
        Ok(MeetingRecord { meeting, attendance: rows })
    }
}

/// The meeting the secretary opens today: this month's regular meeting when there is one
/// (the newest of the month otherwise), or `None` to start a new one.
pub fn this_months(held: &[HeldMeeting], today: Date) -> Option<HeldMeeting> {
    let month = |h: &&HeldMeeting| (h.date.year(), h.date.month()) == (today.year(), today.month());
    held.iter().filter(month).max_by_key(|h| (h.kind == MeetingKind::Regular, h.date)).copied()
}

/// The kind a new meeting of `today`'s month gets by default: thematic in the last month of a
/// quarter once the regular one is held, regular otherwise.
pub fn default_kind(held: &[HeldMeeting], today: Date) -> MeetingKind {
    let regular_held =
        held.iter().any(|h| h.kind == MeetingKind::Regular && (h.date.year(), h.date.month()) == (today.year(), today.month()));
    if regular_held { MeetingKind::Thematic } else { MeetingKind::Regular }
}

/// A member's participation over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Participation {
    pub meetings: u32,
    pub present: u32,
    pub contributed: u32,
}

impl Participation {
    /// Adds up a member's attendance rows.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Attendance>) -> Self {
        rows.into_iter().fold(Self::default(), |mut p, a| {
            p.meetings += 1;
            p.present += u32::from(a.presence == Presence::Present);
            p.contributed += u32::from(a.contributed);
            p
        })
    }

    /// Attendance rate in percent (100 when there was no meeting).
    pub fn rate_percent(self) -> u32 {
        (self.present * 100).checked_div(self.meetings).unwrap_or(100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(presence: Presence, contributed: bool) -> Attendance {
        Attendance { meeting_id: MeetingId::new(), member_id: MemberId::new(), presence, spoke: contributed, contributed }
    }

    #[test]
    fn absent_members_did_not_speak() {
        assert_eq!(row(Presence::Absent, true).validate(), Err(DomainError::AbsentCannotSpeak));
        assert!(row(Presence::Present, true).validate().is_ok());
        assert!(row(Presence::Excused, false).validate().is_ok());
    }

    fn day(text: &str) -> Date {
        Date::parse_vn(text).unwrap()
    }

    fn draft(members: &[MemberId], date: &str) -> MeetingDraft {
        MeetingDraft {
            branch_id: BranchId::new(),
            date: day(date),
            kind: MeetingKind::Regular,
            observer: "  Đồng chí  Lê Văn Tám ".into(),
            attendance: members
                .iter()
                .map(|m| AttendanceLine { member_id: *m, presence: Presence::Present, spoke: true, contributed: false })
                .collect(),
        }
    }

    fn cx<'a>(members: &'a HashSet<MemberId>, held: &'a [HeldMeeting], today: Date) -> MeetingContext<'a> {
        MeetingContext { members, held, today, dissolved_on: None }
    }

    #[test]
    fn a_meeting_is_checked_against_the_branch_and_the_calendar() {
        let (a, b) = (MemberId::new(), MemberId::new());
        let branch: HashSet<MemberId> = [a, b].into();
        let today = day("25/11/2026");
        let id = MeetingId::new();
        let record = draft(&[a, b], "05/11/2026").validate(id, 1, &cx(&branch, &[], today)).unwrap();
        assert_eq!(record.meeting.observer.as_deref(), Some("Đồng chí Lê Văn Tám"));
        assert_eq!(record.attendance.len(), 2);
        assert!(record.attendance.iter().all(|r| r.meeting_id == id));
        let dissolved = MeetingContext { dissolved_on: Some(day("01/11/2026")), ..cx(&branch, &[], today) };
        assert_eq!(draft(&[a], "05/11/2026").validate(id, 1, &dissolved), Err(DomainError::MeetingAfterDissolution));

        let future = draft(&[a], "26/11/2026").validate(id, 1, &cx(&branch, &[], today));
        assert_eq!(future, Err(DomainError::MeetingInFuture("26/11/2026".into())));
        let outsider = draft(&[a, MemberId::new()], "05/11/2026").validate(id, 1, &cx(&branch, &[], today));
        assert_eq!(outsider, Err(DomainError::AttendeeNotInBranch));
        let twice = draft(&[a, a], "05/11/2026").validate(id, 1, &cx(&branch, &[], today));
        assert_eq!(twice, Err(DomainError::AttendeeTwice));
        assert_eq!(draft(&[], "05/11/2026").validate(id, 1, &cx(&branch, &[], today)), Err(DomainError::Required("điểm danh")));
        assert!(Presence::Present.may_speak() && !Presence::Excused.may_speak() && !Presence::Absent.may_speak());
        let mut absent = draft(&[a], "05/11/2026");
        absent.attendance[0].presence = Presence::Absent;
        assert_eq!(absent.validate(id, 1, &cx(&branch, &[], today)), Err(DomainError::AbsentCannotSpeak));
    }

    #[test]
    fn one_regular_meeting_a_month_and_any_number_of_thematic_ones() {
        let a = MemberId::new();
        let branch: HashSet<MemberId> = [a].into();
        let today = day("25/11/2026");
        let held = [HeldMeeting { id: MeetingId::new(), date: day("05/11/2026"), kind: MeetingKind::Regular }];
        let err = draft(&[a], "20/11/2026").validate(MeetingId::new(), 1, &cx(&branch, &held, today)).unwrap_err();
        assert_eq!(err, DomainError::SecondRegularMeeting("11/2026".into()));
        assert!(err.to_string().contains("11/2026"));
        // The same meeting, edited, is not a second one; a thematic one is allowed; October is free.
        assert!(draft(&[a], "20/11/2026").validate(held[0].id, 2, &cx(&branch, &held, today)).is_ok());
        let thematic = MeetingDraft { kind: MeetingKind::Thematic, ..draft(&[a], "20/11/2026") };
        assert!(thematic.validate(MeetingId::new(), 1, &cx(&branch, &held, today)).is_ok());
        assert!(draft(&[a], "05/10/2026").validate(MeetingId::new(), 1, &cx(&branch, &held, today)).is_ok());
    }

    #[test]
    fn the_secretary_opens_this_months_meeting() {
        let today = day("25/11/2026");
        let regular = HeldMeeting { id: MeetingId::new(), date: day("05/11/2026"), kind: MeetingKind::Regular };
        let thematic = HeldMeeting { id: MeetingId::new(), date: day("20/11/2026"), kind: MeetingKind::Thematic };
        let october = HeldMeeting { id: MeetingId::new(), date: day("05/10/2026"), kind: MeetingKind::Regular };
        assert_eq!(this_months(&[october], today), None);
        assert_eq!(default_kind(&[october], today), MeetingKind::Regular);
        assert_eq!(this_months(&[october, thematic, regular], today), Some(regular));
        assert_eq!(this_months(&[thematic], today), Some(thematic));
        assert_eq!(default_kind(&[regular], today), MeetingKind::Thematic);
    }

    #[test]
    fn participation_adds_up() {
        let rows =
            [row(Presence::Present, true), row(Presence::Absent, false), row(Presence::Excused, false), row(Presence::Present, false)];
        let p = Participation::of(&rows);
        assert_eq!(p, Participation { meetings: 4, present: 2, contributed: 1 });
        assert_eq!(p.rate_percent(), 50);
        assert_eq!(Participation::default().rate_percent(), 100);
    }
}
