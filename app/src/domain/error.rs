//! Every refusal of a rule, with the message the user reads (Vietnamese).

use serde::{Deserialize, Serialize};

/// A rule refused an action. `Display` is the message shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DomainError {
    #[error("Họ và tên «{0}» không hợp lệ: cần từ hai đến bảy từ, chỉ gồm chữ cái.")]
    InvalidName(String),
    #[error("{0}")]
    InvalidDate(String),
    #[error("Chưa nhập {0}.")]
    Required(&'static str),
    #[error("{} có ký tự không được phép (ký tự điều khiển hoặc ký tự đảo chiều văn bản). Hãy gõ lại nội dung.", capitalised(.0))]
    ForbiddenCharacters(&'static str),
    #[error("{what} dài quá {max} ký tự.")]
    TooLong { what: &'static str, max: usize },
    #[error("Không tìm thấy {0}.")]
    NotFound(&'static str),
    #[error("Ngày sinh không thể sau ngày vào Đảng, và đảng viên phải đủ 18 tuổi khi vào Đảng.")]
    JoinedTooYoung,
    #[error("Nơi cư trú phải là một ấp, khóm của xã, thị trấn nơi đảng viên công tác.")]
    ResidenceOutsideCommune,
    #[error("Chi bộ đến phải là chi bộ ấp, khóm (không phải chi bộ cơ quan).")]
    TargetNotResidential,
    #[error("«{0}» đã giải thể, không thể chuyển đảng viên đến.")]
    TargetDissolved(String),
    #[error("Chi bộ đến phải thuộc cùng xã, thị trấn với đảng viên.")]
    TargetOtherCommune,
    #[error("Đợt chuyển {0} đã kết thúc, không thể thay đổi kế hoạch.")]
    CampaignClosed(String),
    #[error("Đảng viên này không thuộc diện của đợt chuyển {0}.")]
    NotInCampaign(String),
    #[error("Việc chuyển sinh hoạt của đảng viên này đã được xác nhận, không thể thay đổi kế hoạch.")]
    AlreadyConfirmed,
    #[error("Đảng viên chưa được phân về chi bộ nào trong kế hoạch; hãy chọn chi bộ trước khi xác nhận.")]
    NotPlanned,
    #[error("Đảng viên đã sinh hoạt chính thức tại chi bộ này.")]
    AlreadyInBranch,
    #[error("«{name}» còn {count} đảng viên sinh hoạt chính thức; chỉ giải thể được khi không còn đảng viên nào.")]
    BranchNotEmpty { name: String, count: usize },
    #[error("«{0}» đã giải thể trước đó.")]
    AlreadyDissolved(String),
    #[error("Mỗi đảng viên chỉ sinh hoạt chính thức tại một chi bộ trong cùng một thời gian.")]
    SecondOfficialMembership,
    #[error("Ngày kết thúc không thể trước ngày bắt đầu.")]
    EndBeforeStart,
    #[error("Ngày hiệu lực không thể trước ngày ban hành văn bản của đợt chuyển ({0}).")]
    EffectiveBeforeBasis(String),
    #[error("Điểm phải từ 0 đến 100.")]
    PointsOutOfRange,
    #[error("Với {points} điểm, mức xếp loại phải là «{expected}».")]
    RatingDoesNotMatchPoints { points: u8, expected: String },
    #[error("Chỉ đảng viên xếp loại «Hoàn thành xuất sắc nhiệm vụ» mới được đề nghị khen thưởng.")]
    CommendationNeedsExcellent,
    #[error("Năm {0} không hợp lệ.")]
    InvalidYear(i32),
    #[error("Hạn hoàn thành phải trong năm {0}.")]
    DueOutsideYear(i32),
    #[error("Chỉ người có mặt mới có thể phát biểu hoặc đóng góp vào nghị quyết.")]
    AbsentCannotSpeak,
    #[error("Buổi sinh hoạt ngày {0} chưa diễn ra; chỉ ghi nhận buổi đã họp.")]
    MeetingInFuture(String),
    #[error("Chi bộ đã có buổi sinh hoạt định kỳ tháng {0}; hãy mở buổi đó để sửa, hoặc chọn sinh hoạt chuyên đề.")]
    SecondRegularMeeting(String),
    #[error("Chi bộ đã giải thể trước ngày sinh hoạt này.")]
    MeetingAfterDissolution,
    #[error("Chỉ điểm danh đảng viên đang sinh hoạt chính thức tại chi bộ.")]
    AttendeeNotInBranch,
    #[error("Mỗi đảng viên chỉ được điểm danh một lần trong một buổi sinh hoạt.")]
    AttendeeTwice,
    #[error("Sáp nhập cần ít nhất hai đơn vị cùng cấp, đang còn hiệu lực vào ngày sáp nhập.")]
    InvalidMerge,
    #[error("Đơn vị «{0}» không còn hiệu lực vào ngày này.")]
    UnitNotValid(String),
    #[error("Không thể chuyển hồ sơ đảng viên sang xã, thị trấn khác bằng cách sửa hồ sơ.")]
    CommuneCannotChange,
    #[error("Bạn chỉ có quyền xem kế hoạch này, không thể thay đổi.")]
    ReadOnly,
    #[error("Nhiệm vụ phải do chi bộ nơi đảng viên đang sinh hoạt chính thức giao.")]
    TaskNotFromMembersBranch,
    #[error("Giá trị «{0}» không hợp lệ.")]
    InvalidValue(String),
    #[error("Loại đơn vị «{0}» không có trong cấu hình.")]
    UnknownUnitType(String),
    #[error("{0} phải thuộc một đơn vị cấp trên trực tiếp đang còn hiệu lực vào ngày thành lập.")]
    WrongParent(String),
    #[error("Đơn vị cấp cao nhất không thuộc đơn vị nào.")]
    TopHasNoParent,
    #[error("Đã có «{0}» cùng cấp, cùng đơn vị cấp trên.")]
    DuplicateUnitName(String),
    #[error("«{0}» đã kết thúc, không thể đổi tên hay thêm đơn vị, chi bộ vào đó.")]
    UnitEnded(String),
    #[error("Chi bộ cơ quan thuộc một xã, phường, thị trấn; chi bộ ấp, khóm thuộc một ấp, khóm đang còn hiệu lực.")]
    BranchUnitMismatch,
    #[error("Đã có «{0}» đang hoạt động trong xã, phường, thị trấn này.")]
    DuplicateBranchName(String),
    #[error("Ấp, khóm này đã có chi bộ đang hoạt động: «{0}».")]
    HamletHasBranch(String),
    #[error("Ngày {0} chưa đến; chỉ ghi nhận việc sáp nhập, giải thể, đổi tên đã có hiệu lực.")]
    OrgEventInFuture(String),
    #[error("Đơn vị đã đổi tên từ ngày {0}; lần đổi tên mới phải sau ngày đó.")]
    RenameBeforeLast(String),
    #[error("Đơn vị đang mang tên «{0}».")]
    SameName(String),
    #[error("Các đơn vị sáp nhập thuộc những đơn vị cấp trên khác nhau; hãy chọn đơn vị cấp trên của đơn vị mới.")]
    MergeNeedsParent,
    #[error("Đơn vị tiếp nhận của «{0}» phải là một đơn vị khác, cùng cấp, đang còn hiệu lực vào ngày giải thể.")]
    WrongSuccessor(String),
    #[error("«{0}» còn đơn vị trực thuộc, chi bộ, đảng viên hoặc tài khoản; hãy chọn đơn vị tiếp nhận.")]
    DissolveNeedsSuccessor(String),
    #[error(
        "Nhiều ấp, khóm được sáp nhập đều có chi bộ đang hoạt động ({0}); hãy sắp xếp các chi bộ trước, mỗi ấp, khóm chỉ có một chi bộ."
    )]
    MergedHamletsHaveBranches(String),
    #[error("Chi bộ đang mang tên «{0}».")]
    SameBranchName(String),
    #[error("Đợt chuyển chỉ áp dụng cho các xã, phường, thị trấn đang còn hiệu lực.")]
    CampaignCommuneGone,
    #[error("Đã có đợt chuyển theo văn bản số «{0}».")]
    CampaignCodeTaken(String),
    #[error("Thời hạn hoàn thành không thể trước ngày ban hành văn bản căn cứ ({0}).")]
    DeadlineBeforeBasis(String),
}

impl From<super::date::DateError> for DomainError {
    fn from(e: super::date::DateError) -> Self {
        Self::InvalidDate(e.to_string())
    }
}

/// A field's name at the head of a sentence.
fn capitalised(what: &str) -> String {
    let mut chars = what.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
