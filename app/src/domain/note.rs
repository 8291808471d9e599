//! Commendation and criticism notes (biểu dương, phê bình), tied to a member and a year.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::free_text::{FreeText, NOTE_TEXT};
use super::ids::{MemberId, NoteId};

coded_enum!(
    /// Whether the branch commends or criticises.
    NoteKind {
        Commendation = "commendation", "Biểu dương";
        Criticism = "criticism", "Phê bình, nhắc nhở";
    }
);

/// A note about a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub member_id: MemberId,
    pub year: i32,
    pub kind: NoteKind,
    pub text: String,
    pub version: i64,
}

/// What a form or a mutation says about a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteDraft {
    pub member_id: MemberId,
    pub year: i32,
    pub kind: NoteKind,
    pub text: String,
}

impl NoteDraft {
    /// A note needs its text (at most 1,000 characters) and a plausible year.
    pub fn validate(self, id: NoteId, version: i64) -> Result<Note, DomainError> {
        if !(2018..=2100).contains(&self.year) {
            return Err(DomainError::InvalidYear(self.year));
        }
        let text = FreeText::required(&self.text, NOTE_TEXT)?.into();
        Ok(Note { id, member_id: self.member_id, year: self.year, kind: self.kind, text, version })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> NoteDraft {
        NoteDraft { member_id: MemberId::new(), year: 2026, kind: NoteKind::Commendation, text: text.into() }
    }

    #[test]
    fn a_note_needs_its_text_and_a_year() {
        let note = draft("  Tích cực vận động nhân dân  ").validate(NoteId::new(), 1).unwrap();
        assert_eq!(note.text, "Tích cực vận động nhân dân");
        assert_eq!(draft("   ").validate(NoteId::new(), 1), Err(DomainError::Required("nội dung biểu dương, phê bình")));
        assert_eq!(NoteDraft { year: 1990, ..draft("x") }.validate(NoteId::new(), 1), Err(DomainError::InvalidYear(1990)));
        let long = "a".repeat(1001);
        assert!(matches!(draft(&long).validate(NoteId::new(), 1), Err(DomainError::TooLong { .. })));
    }
}
