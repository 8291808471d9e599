//! What the demo's hamlet branches did after the 2019 transfers: tasks, ratings and the 2020
//! meetings, with the report's worries (leaders without tasks, members who hardly come or speak).

use super::people::{FAMILY, MALE_GIVEN, MALE_MIDDLE, Rng, d};
use crate::domain::branch::Branch;
use crate::domain::evaluation::{Evaluation, Rating, SubjectKind};
use crate::domain::ids::{BranchId, EvaluationId, MeetingId, TaskId};
use crate::domain::meeting::{Attendance, Meeting, MeetingKind, MeetingRecord, Presence};
use crate::domain::member::Member;
use crate::domain::task::{TaskAssignment, TaskStatus, templates};
use crate::error::AppError;
use crate::store::{Conn, evaluations, meetings, memberships, tasks};

/// Tasks and ratings of a moved member; secretaries hesitate to give leaders tasks (the report).
pub(super) async fn tasks_and_ratings(conn: &mut Conn, rng: &mut Rng, m: &Member, branch: BranchId) -> Result<(), AppError> {
    let given = if m.is_leader() { rng.chance(60) } else { rng.chance(85) };
    if given {
        for year in [2019, 2020] {
            let text = templates(m.field)[rng.below(templates(m.field).len())];
            let status = if year == 2019 {
                [TaskStatus::Done, TaskStatus::Done, TaskStatus::NotDone][rng.below(3)]
            } else {
                [TaskStatus::Done, TaskStatus::InProgress][rng.below(2)]
            };
            let task = TaskAssignment {
                id: TaskId(rng.uuid()),
                member_id: m.id,
                branch_id: branch,
                year,
                field: m.field,
                text: text.to_string(),
                due: Some(d(year, 12, 15)?),
                status,
                result: String::new(),
                version: 1,
            };
            tasks::save(conn, &task).await?;
        }
    }
    for year in [2019, 2020] {
        use Rating::{Completed, Excellent, Good, NotCompleted};
        let rating = [Excellent, Good, Good, Good, Good, Completed, Completed, Good, Excellent, NotCompleted][rng.below(10)];
        let evaluation = Evaluation {
            id: EvaluationId(rng.uuid()),
            subject_kind: SubjectKind::Member,
            subject_id: m.id.to_string(),
            year,
            self_rating: Some(rating),
            proposed: Some(rating),
            final_rating: Some(rating),
            points: None,
            commendation_candidate: false,
            note: String::new(),
            version: 1,
        };
        evaluations::save(conn, &evaluation).await?;
    }
    Ok(())
}

/// The 2020 meetings of each hamlet branch (monthly, and thematic each quarter) with attendance.
pub(super) async fn meetings(conn: &mut Conn, rng: &mut Rng, branches: &[Branch]) -> Result<(), AppError> {
    for b in branches {
        let members = memberships::current_members(conn, b.id).await?;
        // Some members hardly come, some never speak: the report's second worry.
        let habits: Vec<(u64, u64)> =
            members.iter().map(|_| (if rng.chance(12) { 40 } else { 88 }, if rng.chance(18) { 0 } else { 35 })).collect();
        for month in 1..=12u8 {
            let thematic = month % 3 == 0;
            let id = MeetingId(rng.uuid());
            let observer = rng
                .chance(15)
                .then(|| format!("Đồng chí {} {} {}, Huyện ủy viên", rng.pick(&FAMILY), rng.pick(&MALE_MIDDLE), rng.pick(&MALE_GIVEN)));
            let meeting = Meeting {
                id,
                branch_id: b.id,
                date: d(2020, month, if thematic { 20 } else { 5 })?,
                kind: if thematic { MeetingKind::Thematic } else { MeetingKind::Regular },
                observer,
                version: 1,
            };
            let mut attendance = Vec::with_capacity(members.len());
            for (member, (attend, speak)) in members.iter().zip(&habits) {
                let present = rng.chance(*attend);
                let presence = if present {
                    Presence::Present
                } else if rng.chance(60) {
                    Presence::Excused
                } else {
                    Presence::Absent
                };
                let contributed = present && rng.chance(*speak);
                attendance.push(Attendance { meeting_id: id, member_id: *member, presence, spoke: contributed, contributed });
            }
            meetings::save(conn, &MeetingRecord { meeting, attendance }).await?;
        }
    }
    Ok(())
}
