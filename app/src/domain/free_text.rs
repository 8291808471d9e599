//! Free text a user types (a task, a result, a note, a decision number…): one type every field
//! goes through. It is trimmed; a one-line field has its spaces and line breaks collapsed; control
//! characters (NUL, BEL, ESC…) and the characters that reverse the direction of text (used to
//! disguise what a text says) are refused with a message naming the field; the length is bounded;
//! and on the server it is stored in Unicode NFC, so that text typed with composed or combining
//! accents (both exist in Vietnamese keyboards) compares and searches alike.

use super::DomainError;

/// How a field may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRule {
    /// The field, in Vietnamese, as a message names it.
    pub what: &'static str,
    pub max_chars: usize,
    /// Line breaks are kept (a note); otherwise they become spaces (a number, a name).
    pub lines: bool,
}

pub const TASK_TEXT: TextRule = TextRule { what: "nội dung nhiệm vụ", max_chars: 500, lines: true };
pub const TASK_RESULT: TextRule = TextRule { what: "kết quả thực hiện nhiệm vụ", max_chars: 1000, lines: true };
pub const EVALUATION_NOTE: TextRule = TextRule { what: "nhận xét", max_chars: 1000, lines: true };
pub const NOTE_TEXT: TextRule = TextRule { what: "nội dung biểu dương, phê bình", max_chars: 1000, lines: true };
pub const OBSERVER: TextRule = TextRule { what: "người dự sinh hoạt", max_chars: 200, lines: false };
pub const LETTER_NO: TextRule = TextRule { what: "số giấy giới thiệu sinh hoạt đảng", max_chars: 60, lines: false };
pub const DECISION_NO: TextRule = TextRule { what: "số quyết định giải thể", max_chars: 60, lines: false };
/// The decision that founded a unit or a branch.
/// The decision of a merge, a renaming or a dissolution of a unit.
pub const ORG_DECISION: TextRule = TextRule { what: "số văn bản quyết định", max_chars: 60, lines: false };
pub const FOUNDING_DECISION: TextRule = TextRule { what: "số quyết định thành lập", max_chars: 60, lines: false };

/// Free text that passed its rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreeText(String);

/// Characters that reverse or isolate the direction of the text around them.
fn reverses_direction(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl FreeText {
    /// The text, possibly empty.
    pub fn optional(text: &str, rule: TextRule) -> Result<Self, DomainError> {
        let text = text.replace("\r\n", "\n");
        let tidy = if rule.lines { text.trim().to_string() } else { text.split_whitespace().collect::<Vec<_>>().join(" ") };
        if tidy.chars().any(|c| (c.is_control() && c != '\n') || reverses_direction(c)) {
            return Err(DomainError::ForbiddenCharacters(rule.what));
        }
        let tidy = nfc(tidy);
        if tidy.chars().count() > rule.max_chars {
            return Err(DomainError::TooLong { what: rule.what, max: rule.max_chars });
        }
        Ok(Self(tidy))
    }

    /// The text, which must not be empty.
    pub fn required(text: &str, rule: TextRule) -> Result<Self, DomainError> {
        let t = Self::optional(text, rule)?;
        if t.0.is_empty() { Err(DomainError::Required(rule.what)) } else { Ok(t) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<FreeText> for String {
    fn from(t: FreeText) -> Self {
        t.0
    }
}

/// Unicode NFC on the server, where the text is stored. The browser checks the same rule
/// without it (the normalisation tables would weigh on every phone's download); the server
/// normalises what arrives.
fn nfc(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_one_line_fields_collapse_their_spaces() {
        assert_eq!(FreeText::required("  Tham gia tổ hòa giải\r\nở ấp  ", TASK_TEXT).unwrap().as_str(), "Tham gia tổ hòa giải\nở ấp");
        assert_eq!(FreeText::required(" 12/QĐ-ĐU \n bis ", DECISION_NO).unwrap().as_str(), "12/QĐ-ĐU bis");
        assert_eq!(FreeText::optional("   ", OBSERVER).unwrap().as_str(), "");
        assert_eq!(FreeText::required("  ", NOTE_TEXT), Err(DomainError::Required("nội dung biểu dương, phê bình")));
    }

    #[test]
    fn control_and_direction_reversing_characters_are_refused_with_the_field_named() {
        for bad in ["a\u{0}b", "chuông\u{7}", "\u{1b}[2Kxoá dòng", "số \u{202E}gnàh", "\u{2066}x\u{2069}", "tab\tở giữa", "x\u{85}y"]
        {
            let err = FreeText::optional(bad, NOTE_TEXT).unwrap_err();
            assert_eq!(err, DomainError::ForbiddenCharacters("nội dung biểu dương, phê bình"), "{bad:?}");
        }
        assert_eq!(
            DomainError::ForbiddenCharacters("nhận xét").to_string(),
            "Nhận xét có ký tự không được phép (ký tự điều khiển hoặc ký tự đảo chiều văn bản). Hãy gõ lại nội dung."
        );
    }

    #[test]
    fn length_is_bounded_in_characters_not_bytes() {
        assert!(FreeText::required(&"ấ".repeat(60), LETTER_NO).is_ok());
        assert_eq!(FreeText::required(&"x".repeat(61), LETTER_NO), Err(DomainError::TooLong { what: LETTER_NO.what, max: 60 }));
    }

    #[test]
    fn combining_accents_are_stored_composed() {
        // "Hòa" typed with a combining grave accent (a keyboard's "tổ hợp" mode).
        let typed = "Ho\u{300}a gia\u{309}i";
        assert_eq!(FreeText::required(typed, TASK_TEXT).unwrap().as_str(), "Hòa giải");
    }
}
