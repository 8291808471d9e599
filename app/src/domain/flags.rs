//! The warning signs of the report's "limitations", as numbers: leaders and committee members
//! with no task, low attendance, members who never contribute to the resolution.

use serde::{Deserialize, Serialize};

use super::meeting::Participation;

coded_enum!(
    /// A warning about one member.
    Flag {
        LeaderWithoutTask = "leader_without_task", "Lãnh đạo, cấp ủy viên chưa được phân công nhiệm vụ";
        NoTask = "no_task", "Chưa được phân công nhiệm vụ";
        LowAttendance = "low_attendance", "Ít tham gia sinh hoạt chi bộ";
        NeverContributing = "never_contributing", "Chưa đóng góp xây dựng nghị quyết";
    }
);

/// Thresholds of the flags (configuration, with the defaults the district uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRules {
    /// Below this attendance rate (percent) a member is flagged…
    pub low_attendance_percent: u32,
    /// …once there were at least this many meetings.
    pub min_meetings: u32,
    /// Present at least this many times and never contributed: flagged.
    pub never_contributing_after: u32,
}

impl Default for FlagRules {
    fn default() -> Self {
        Self { low_attendance_percent: 50, min_meetings: 3, never_contributing_after: 3 }
    }
}

/// What is known about one member for the flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberFacts {
    /// Moved into a hamlet branch by a campaign.
    pub moved: bool,
    pub is_leader: bool,
    pub tasks: usize,
    pub participation: Participation,
}

/// The flags raised for one member. Only moved members are concerned.
pub fn flags_for(facts: &MemberFacts, rules: &FlagRules) -> Vec<Flag> {
    let mut out = Vec::new();
    if !facts.moved {
        return out;
    }
    if facts.tasks == 0 {
        out.push(if facts.is_leader { Flag::LeaderWithoutTask } else { Flag::NoTask });
    }
    let p = facts.participation;
    if p.meetings >= rules.min_meetings && p.rate_percent() < rules.low_attendance_percent {
        out.push(Flag::LowAttendance);
    }
    if p.present >= rules.never_contributing_after && p.contributed == 0 {
        out.push(Flag::NeverContributing);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(tasks: usize, meetings: u32, present: u32, contributed: u32) -> MemberFacts {
        MemberFacts { moved: true, is_leader: false, tasks, participation: Participation { meetings, present, contributed } }
    }

    #[test]
    fn a_member_without_task_is_flagged_and_a_leader_more_so() {
        let rules = FlagRules::default();
        assert_eq!(flags_for(&facts(0, 0, 0, 0), &rules), vec![Flag::NoTask]);
        let leader = MemberFacts { is_leader: true, ..facts(0, 0, 0, 0) };
        assert_eq!(flags_for(&leader, &rules), vec![Flag::LeaderWithoutTask]);
        assert!(flags_for(&facts(1, 0, 0, 0), &rules).is_empty());
    }

    #[test]
    fn low_attendance_needs_enough_meetings() {
        let rules = FlagRules::default();
        assert_eq!(flags_for(&facts(1, 6, 2, 1), &rules), vec![Flag::LowAttendance]);
        assert!(flags_for(&facts(1, 2, 0, 0), &rules).is_empty());
        assert!(flags_for(&facts(1, 6, 3, 1), &rules).is_empty());
    }

    #[test]
    fn present_but_silent_is_flagged() {
        let rules = FlagRules::default();
        assert_eq!(flags_for(&facts(1, 4, 4, 0), &rules), vec![Flag::NeverContributing]);
        assert!(flags_for(&facts(1, 4, 4, 1), &rules).is_empty());
    }

    #[test]
    fn members_who_were_not_moved_are_not_flagged() {
        let f = MemberFacts { moved: false, ..facts(0, 6, 0, 0) };
        assert!(flags_for(&f, &FlagRules::default()).is_empty());
    }
}
