//! Task assignments (phân công nhiệm vụ) given by the hamlet branch to its members.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::free_text::{FreeText, TASK_RESULT, TASK_TEXT};
use super::ids::{BranchId, MemberId, TaskId};
use super::member::Field;

coded_enum!(
    /// Progress of a task.
    TaskStatus {
        Assigned = "assigned", "Đã giao";
        InProgress = "in_progress", "Đang thực hiện";
        Done = "done", "Hoàn thành";
        NotDone = "not_done", "Không hoàn thành";
    }
);

/// A task given to a member for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskAssignment {
    pub id: TaskId,
    pub member_id: MemberId,
    pub branch_id: BranchId,
    pub year: i32,
    pub field: Field,
    pub text: String,
    pub due: Option<Date>,
    pub status: TaskStatus,
    pub result: String,
    pub version: i64,
}

/// Suggested tasks per field, following the district's guidance.
pub fn templates(field: Field) -> &'static [&'static str] {
    match field {
        Field::PartyWork => &[
            "Hướng dẫn chi bộ xây dựng nghị quyết và kế hoạch sinh hoạt hằng tháng",
            "Theo dõi, giúp đỡ quần chúng ưu tú trong ấp phấn đấu vào Đảng",
            "Phổ biến nghị quyết, chủ trương mới của cấp ủy cấp trên tại buổi sinh hoạt",
        ],
        Field::Administration => &[
            "Phụ trách tổ nhân dân tự quản, nắm tình hình dân cư",
            "Hướng dẫn bà con thủ tục hành chính tại ấp",
            "Vận động hộ gia đình tham gia bảo hiểm y tế",
        ],
        Field::MassOrganisation => &[
            "Vận động hội viên tham gia phong trào thi đua của ấp",
            "Phối hợp chi hội ở ấp tổ chức hoạt động hằng quý",
            "Giúp đỡ hộ nghèo, hộ cận nghèo trong ấp",
        ],
        Field::FatherlandFront => &[
            "Vận động toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
            "Tham gia ban công tác Mặt trận ở ấp, tiếp nhận ý kiến của nhân dân",
        ],
        Field::Security => {
            &["Nắm tình hình an ninh trật tự, phòng chống tội phạm tại ấp", "Tuyên truyền pháp luật về an toàn giao thông cho nhân dân"]
        }
    }
}

/// What a form or a mutation says about a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDraft {
    pub member_id: MemberId,
    pub branch_id: BranchId,
    pub year: i32,
    pub field: Field,
    pub text: String,
    pub due: Option<Date>,
    pub status: TaskStatus,
    pub result: String,
}

impl TaskDraft {
    /// Validates the task: text required, a plausible year, the due date within it.
    pub fn validate(self, id: TaskId, version: i64) -> Result<TaskAssignment, DomainError> {
        if !(2018..=2100).contains(&self.year) {
            return Err(DomainError::InvalidYear(self.year));
        }
        if self.due.is_some_and(|d| d.year() != self.year) {
            return Err(DomainError::DueOutsideYear(self.year));
        }
        let text = FreeText::required(&self.text, TASK_TEXT)?.into();
        let result: String = FreeText::optional(&self.result, TASK_RESULT)?.into();
        if matches!(self.status, TaskStatus::Done | TaskStatus::NotDone) && result.is_empty() {
            return Err(DomainError::Required("kết quả thực hiện nhiệm vụ"));
        }
        Ok(TaskAssignment {
            id,
            member_id: self.member_id,
            branch_id: self.branch_id,
            year: self.year,
            field: self.field,
            text,
            due: self.due,
            status: self.status,
            result,
            version,
        })
    }
}

impl TaskAssignment {
    /// The draft of an update that records the task's progress: its status and result.
    pub fn progress(&self, status: TaskStatus, result: &str) -> TaskDraft {
        TaskDraft {
            member_id: self.member_id,
            branch_id: self.branch_id,
            year: self.year,
            field: self.field,
            text: self.text.clone(),
            due: self.due,
            status,
            result: result.to_string(),
        }
    }
}

/// A task is given by the branch where the member belongs officially.
pub fn check_branch(task_branch: BranchId, official: Option<BranchId>) -> Result<(), DomainError> {
    if official == Some(task_branch) { Ok(()) } else { Err(DomainError::TaskNotFromMembersBranch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> TaskDraft {
        TaskDraft {
            member_id: MemberId::new(),
            branch_id: BranchId::new(),
            year: 2019,
            field: Field::PartyWork,
            text: templates(Field::PartyWork)[0].into(),
            due: Some(Date::parse_vn("30/06/2019").unwrap()),
            status: TaskStatus::Assigned,
            result: String::new(),
        }
    }

    #[test]
    fn every_field_has_templates() {
        for f in Field::ALL {
            assert!(!templates(*f).is_empty(), "{f:?}");
        }
    }

    #[test]
    fn a_task_is_validated() {
        let t = draft().validate(TaskId::new(), 1).unwrap();
        assert_eq!(t.status, TaskStatus::Assigned);
        assert_eq!(TaskDraft { text: "  ".into(), ..draft() }.validate(TaskId::new(), 1), Err(DomainError::Required("nội dung nhiệm vụ")));
        assert_eq!(TaskDraft { year: 1990, ..draft() }.validate(TaskId::new(), 1), Err(DomainError::InvalidYear(1990)));
        let late = TaskDraft { due: Some(Date::parse_vn("01/01/2020").unwrap()), ..draft() };
        assert_eq!(late.validate(TaskId::new(), 1), Err(DomainError::DueOutsideYear(2019)));
    }

    #[test]
    fn a_finished_task_says_what_came_of_it() {
        let task = draft().validate(TaskId::new(), 1).unwrap();
        let done = task.progress(TaskStatus::Done, "  ");
        assert_eq!(done.validate(task.id, 2), Err(DomainError::Required("kết quả thực hiện nhiệm vụ")));
        let done = task.progress(TaskStatus::Done, "Đã tổ chức 3 buổi tuyên truyền").validate(task.id, 2).unwrap();
        assert_eq!((done.text.as_str(), done.status, done.version), (task.text.as_str(), TaskStatus::Done, 2));
        assert!(task.progress(TaskStatus::InProgress, "").validate(task.id, 2).is_ok());
    }
}
