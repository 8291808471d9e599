//! Year-end evaluation and rating (kiểm điểm, đánh giá, xếp loại), and the excellent quota.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::free_text::{EVALUATION_NOTE, FreeText};
use super::ids::EvaluationId;

coded_enum!(
    /// The four rating levels, best first.
    Rating {
        Excellent = "excellent", "Hoàn thành xuất sắc nhiệm vụ";
        Good = "good", "Hoàn thành tốt nhiệm vụ";
        Completed = "completed", "Hoàn thành nhiệm vụ";
        NotCompleted = "not_completed", "Không hoàn thành nhiệm vụ";
    }
);

impl Rating {
    /// The level that points give (Quy định 366-QĐ/TW, 2025):
    /// ≥ 90 excellent, 70–89 good, 50–69 completed, < 50 not completed.
    pub fn from_points(points: u8) -> Result<Self, DomainError> {
        match points {
            90..=100 => Ok(Self::Excellent),
            70..=89 => Ok(Self::Good),
            50..=69 => Ok(Self::Completed),
            0..=49 => Ok(Self::NotCompleted),
            _ => Err(DomainError::PointsOutOfRange),
        }
    }
}

coded_enum!(
    /// What is rated: a member or a whole branch.
    SubjectKind {
        Member = "member", "Đảng viên";
        Branch = "branch", "Chi bộ";
    }
);

/// One year's evaluation of a member or a branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: EvaluationId,
    pub subject_kind: SubjectKind,
    /// The member's or branch's id, as text.
    pub subject_id: String,
    pub year: i32,
    pub self_rating: Option<Rating>,
    pub proposed: Option<Rating>,
    pub final_rating: Option<Rating>,
    pub points: Option<u8>,
    pub commendation_candidate: bool,
    pub note: String,
    pub version: i64,
}

impl Evaluation {
    /// Checks points against the final rating and commendation against excellence.
    pub fn validate(self) -> Result<Self, DomainError> {
        if !(2018..=2100).contains(&self.year) {
            return Err(DomainError::InvalidYear(self.year));
        }
        if let Some(points) = self.points {
            let expected = Rating::from_points(points)?;
            if self.final_rating.is_some_and(|r| r != expected) {
                return Err(DomainError::RatingDoesNotMatchPoints { points, expected: expected.label().to_string() });
            }
        }
        if self.commendation_candidate && self.final_rating != Some(Rating::Excellent) {
            return Err(DomainError::CommendationNeedsExcellent);
        }
        Ok(self)
    }
}

/// What a form or a mutation says about an evaluation (the id is made by the device).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationDraft {
    pub subject_kind: SubjectKind,
    pub subject_id: String,
    pub year: i32,
    #[serde(default)]
    pub self_rating: Option<Rating>,
    #[serde(default)]
    pub proposed: Option<Rating>,
    #[serde(default)]
    pub final_rating: Option<Rating>,
    #[serde(default)]
    pub points: Option<u8>,
    #[serde(default)]
    pub commendation_candidate: bool,
    #[serde(default)]
    pub note: String,
}

impl Evaluation {
    /// The draft that saves this evaluation again, for changing some of its fields.
    pub fn draft(&self) -> EvaluationDraft {
        EvaluationDraft {
            subject_kind: self.subject_kind,
            subject_id: self.subject_id.clone(),
            year: self.year,
            self_rating: self.self_rating,
            proposed: self.proposed,
            final_rating: self.final_rating,
            points: self.points,
            commendation_candidate: self.commendation_candidate,
            note: self.note.clone(),
        }
    }
}

impl EvaluationDraft {
    /// A subject's evaluation of a year with nothing rated yet.
    pub fn blank(subject_kind: SubjectKind, subject_id: String, year: i32) -> Self {
        Self {
            subject_kind,
            subject_id,
            year,
            self_rating: None,
            proposed: None,
            final_rating: None,
            points: None,
            commendation_candidate: false,
            note: String::new(),
        }
    }

    /// The evaluation this draft makes, checked by [`Evaluation::validate`].
    pub fn validate(self, id: EvaluationId, version: i64) -> Result<Evaluation, DomainError> {
        let note = FreeText::optional(&self.note, EVALUATION_NOTE)?.into();
        Evaluation {
            id,
            subject_kind: self.subject_kind,
            subject_id: self.subject_id,
            year: self.year,
            self_rating: self.self_rating,
            proposed: self.proposed,
            final_rating: self.final_rating,
            points: self.points,
            commendation_candidate: self.commendation_candidate,
            note,
            version,
        }
        .validate()
    }
}

/// The warning when a grassroots organisation rates too many members excellent.
pub fn quota_warning(check: QuotaCheck, percent: u8) -> Option<String> {
    check.exceeded.then(|| {
        format!(
            "số đảng viên xếp loại «Hoàn thành xuất sắc nhiệm vụ» ({}) vượt {}% số đảng viên «Hoàn thành tốt nhiệm vụ» ({}); tối đa {}",
            check.excellent, percent, check.good, check.allowed
        )
    })
}

/// The result of the excellent-quota check in one grassroots organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaCheck {
    pub excellent: usize,
    pub good: usize,
    /// The most excellent ratings the quota allows.
    pub allowed: usize,
    pub exceeded: bool,
}

/// Excellent members may be at most `percent` % of those rated good (default 20 %).
pub fn excellent_quota(ratings: impl IntoIterator<Item = Rating>, percent: u8) -> QuotaCheck {
    let (mut excellent, mut good) = (0, 0);
    for r in ratings {
        match r {
            Rating::Excellent => excellent += 1,
            Rating::Good => good += 1,
            _ => {}
        }
    }
    let allowed = good * usize::from(percent) / 100;
    QuotaCheck { excellent, good, allowed, exceeded: excellent > allowed }
}

/// How many of each rating, in the order of [`Rating::ALL`].
pub fn distribution(ratings: impl IntoIterator<Item = Rating>) -> [usize; 4] {
    let mut counts = [0; 4];
    for r in ratings {
        counts[Rating::ALL.iter().position(|x| *x == r).unwrap_or(3)] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eval() -> Evaluation {
        Evaluation {
            id: EvaluationId::new(),
            subject_kind: SubjectKind::Member,
            subject_id: "x".into(),
            year: 2025,
            self_rating: Some(Rating::Good),
            proposed: Some(Rating::Good),
            final_rating: Some(Rating::Good),
            points: None,
            commendation_candidate: false,
            note: String::new(),
            version: 1,
        }
    }

    #[test]
    fn points_give_the_level_at_the_boundaries() {
        assert_eq!(Rating::from_points(100), Ok(Rating::Excellent));
        assert_eq!(Rating::from_points(90), Ok(Rating::Excellent));
        assert_eq!(Rating::from_points(89), Ok(Rating::Good));
        assert_eq!(Rating::from_points(70), Ok(Rating::Good));
        assert_eq!(Rating::from_points(69), Ok(Rating::Completed));
        assert_eq!(Rating::from_points(50), Ok(Rating::Completed));
        assert_eq!(Rating::from_points(49), Ok(Rating::NotCompleted));
        assert_eq!(Rating::from_points(0), Ok(Rating::NotCompleted));
        assert_eq!(Rating::from_points(101), Err(DomainError::PointsOutOfRange));
    }

    #[test]
    fn points_and_rating_must_agree() {
        assert!(Evaluation { points: Some(75), ..eval() }.validate().is_ok());
        let err = Evaluation { points: Some(92), ..eval() }.validate().unwrap_err();
        assert!(err.to_string().contains("Hoàn thành xuất sắc nhiệm vụ"), "{err}");
    }

    #[test]
    fn only_excellent_members_are_proposed_for_commendation() {
        assert_eq!(Evaluation { commendation_candidate: true, ..eval() }.validate(), Err(DomainError::CommendationNeedsExcellent));
        let star = Evaluation { commendation_candidate: true, final_rating: Some(Rating::Excellent), ..eval() };
        assert!(star.validate().is_ok());
    }

    #[test]
    fn the_excellent_quota_is_twenty_percent_of_good_by_default() {
        let mut ratings = vec![Rating::Good; 10];
        ratings.extend([Rating::Excellent, Rating::Excellent, Rating::Completed]);
        assert_eq!(excellent_quota(ratings.clone(), 20), QuotaCheck { excellent: 2, good: 10, allowed: 2, exceeded: false });
        ratings.push(Rating::Excellent);
        assert!(excellent_quota(ratings.clone(), 20).exceeded);
        // The percentage is configurable.
        assert!(!excellent_quota(ratings, 30).exceeded);
        assert!(!excellent_quota([], 20).exceeded);
    }

    #[test]
    fn an_evaluation_is_saved_again_through_its_draft() {
        let e = Evaluation { points: Some(75), note: "Tích cực".into(), ..eval() };
        assert_eq!(e.draft().validate(e.id, e.version), Ok(e.clone()));
        let blank = EvaluationDraft::blank(SubjectKind::Branch, "b".into(), 2026);
        assert_eq!((blank.proposed, blank.final_rating, blank.commendation_candidate), (None, None, false));
    }

    #[test]
    fn distribution_counts_each_level() {
        let d = distribution([Rating::Good, Rating::Good, Rating::NotCompleted, Rating::Excellent]);
        assert_eq!(d, [1, 2, 0, 1]);
    }

    proptest! {
        #[test]
        fn more_points_never_mean_a_worse_level(a in 0u8..=100, b in 0u8..=100) {
            let (lo, hi) = (a.min(b), a.max(b));
            let rank = |r: Rating| Rating::ALL.iter().position(|x| *x == r).unwrap();
            prop_assert!(rank(Rating::from_points(hi).unwrap()) <= rank(Rating::from_points(lo).unwrap()));
        }
    }
}
