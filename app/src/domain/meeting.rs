//! Branch meetings and attendance.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
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

impl Attendance {
    /// Only a member who was present can have spoken or contributed.
    pub fn validate(self) -> Result<Self, DomainError> {
        if self.presence != Presence::Present && (self.spoke || self.contributed) {
            return Err(DomainError::AbsentCannotSpeak);
        }
        Ok(self)
    }
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
