//! Typed identifiers. UUID v7, born where the record is born (offline too).

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// Parses the textual form; `None` when it is not a UUID.
            pub fn parse(text: &str) -> Option<Self> {
                Uuid::parse_str(text.trim()).ok().map(Self)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// An organisation unit (district, commune, hamlet…).
    UnitId,
    /// A party branch.
    BranchId,
    /// A party member.
    MemberId,
    /// A membership (member ↔ branch).
    MembershipId,
    /// A transfer campaign.
    CampaignId,
    /// A confirmed transfer.
    TransferId,
    /// A task assignment.
    TaskId,
    /// A branch meeting.
    MeetingId,
    /// An evaluation.
    EvaluationId,
    /// A commendation or criticism note.
    NoteId,
    /// A user account.
    UserId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = MemberId::new();
        assert_eq!(MemberId::parse(&id.to_string()), Some(id));
        assert_eq!(MemberId::parse("không-phải-uuid"), None);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
    }

    #[test]
    fn new_ids_are_time_ordered() {
        let a = BranchId::new();
        let b = BranchId::new();
        assert!(a < b);
    }
}
