//! Vietnamese names: validation, and sorting the Vietnamese way (by given name, with diacritics).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use super::DomainError;
use super::free_text::{FreeText, TextRule};

/// The letters of the Vietnamese alphabet in dictionary order (f, j, w, z for foreign names).
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// Each vowel with its five tone marks, in the dictionary order of tones:
/// none, huyền, hỏi, ngã, sắc, nặng.
const TONED_VOWELS: [&str; 12] =
    ["aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị", "oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ"];

/// Splits a (lower-case) character into its base letter and its tone (0 = no tone mark).
fn base_and_tone(c: char) -> (char, u8) {
    for row in TONED_VOWELS {
        if let Some(tone) = row.chars().position(|t| t == c) {
            return (row.chars().next().unwrap_or(c), tone as u8);
        }
    }
    (c, 0)
}

/// A key that orders words the way a Vietnamese dictionary does: letters first
/// (a < ă < â < b … d < đ …), then tones as the tie-breaker.
fn word_key(word: &str, letters: &mut Vec<u16>, tones: &mut Vec<u8>) {
    for c in word.chars().flat_map(char::to_lowercase) {
        let (base, tone) = base_and_tone(c);
        let rank = ALPHABET.chars().position(|a| a == base).map_or(1000 + base as u32, |p| p as u32 + 1);
        letters.push(rank.min(u32::from(u16::MAX)) as u16);
        tones.push(tone);
    }
}

/// Sort key of a full name: given name (last word) first, then the family and middle names.
pub fn name_sort_key(full_name: &str) -> (Vec<u16>, Vec<u8>) {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    let (mut letters, mut tones) = (Vec::new(), Vec::new());
    if let Some((given, rest)) = words.split_last() {
        word_key(given, &mut letters, &mut tones);
        for w in rest {
            letters.push(0);
            tones.push(0);
            word_key(w, &mut letters, &mut tones);
        }
    }
    (letters, tones)
}

/// Percent-encodes a value of an address's query (everything but unreserved characters and `/`).
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Lower-case text without tone marks or letter marks (ă, â → a; đ → d…), for searching.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match base_and_tone(c).0 {
            'ă' | 'â' => 'a',
            'đ' => 'd',
            'ê' => 'e',
            'ô' | 'ơ' => 'o',
            'ư' => 'u',
            other => other,
        })
        .collect()
}

/// Whether `text` matches a search typed with or without diacritics, in any case: every word of
/// the query appears in it ("tran thi" finds "Trần Thị Mai").
pub fn matches_search(text: &str, query: &str) -> bool {
    let text = fold(text);
    fold(query).split_whitespace().all(|word| text.contains(word))
}

/// Sort key of any text (a place name, say), word by word from the start.
pub fn text_sort_key(text: &str) -> (Vec<u16>, Vec<u8>) {
    let (mut letters, mut tones) = (Vec::new(), Vec::new());
    for w in text.split_whitespace() {
        word_key(w, &mut letters, &mut tones);
        letters.push(0);
        tones.push(0);
    }
    (letters, tones)
}

/// Compares two full names the Vietnamese way.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    name_sort_key(a).cmp(&name_sort_key(b))
}

/// Sorts items by a full name, the Vietnamese way.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| name_sort_key(name(item)));
}

/// A person's full name: two to seven words of letters, tidy spacing, at most 80 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses a typed name, collapsing spaces.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let tidy = words.join(" ");
        if words.len() < 2 || words.len() > 7 {
            return Err(DomainError::InvalidName(tidy));
        }
        if tidy.chars().count() > 80 || !tidy.chars().all(|c| c.is_alphabetic() || c == ' ') {
            return Err(DomainError::InvalidName(tidy));
        }
        Ok(Self(tidy))
    }

    /// The full name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The given name (tên): the last word.
    pub fn given_name(&self) -> &str {
        self.0.rsplit(' ').next().unwrap_or(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

/// A required one-line free-text field (see [`FreeText`]); `what` names it in Vietnamese.
pub fn required_text(text: &str, what: &'static str, max_chars: usize) -> Result<String, DomainError> {
    FreeText::required(text, TextRule { what, max_chars, lines: false }).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_search_without_diacritics_finds_the_name() {
        assert!(matches_search("Trần Thị Mai", "tran thi"));
        assert!(matches_search("Trần Thị Mai", "  MAI  trần "));
        assert!(matches_search("Đặng Văn Đức", "dang duc"));
        assert!(!matches_search("Trần Thị Mai", "tran van"));
        assert!(matches_search("Trần Thị Mai", ""), "an empty search finds everyone");
    }

    #[test]
    fn sorts_by_given_name_first() {
        let mut names = vec!["Trần Văn Bình", "Nguyễn Thị An", "Lê Minh Anh", "Phạm Thị Ánh"];
        sort_by_name(&mut names, |n| n);
        assert_eq!(names, ["Nguyễn Thị An", "Lê Minh Anh", "Phạm Thị Ánh", "Trần Văn Bình"]);
    }

    #[test]
    fn follows_the_vietnamese_alphabet_not_unicode_order() {
        // d < đ < e, a < ă < â < b, o < ô < ơ, u < ư < v
        let mut names =
            vec!["Lê Văn Em", "Lê Văn Đức", "Lê Văn Dũng", "Lê Thị Bé", "Lê Thị Ân", "Lê Thị Ăn", "Lê Văn Út", "Lê Văn Ưng", "Lê Văn Vũ"];
        sort_by_name(&mut names, |n| n);
        assert_eq!(
            names,
            ["Lê Thị Ăn", "Lê Thị Ân", "Lê Thị Bé", "Lê Văn Dũng", "Lê Văn Đức", "Lê Văn Em", "Lê Văn Út", "Lê Văn Ưng", "Lê Văn Vũ"]
        );
    }

    #[test]
    fn tones_break_ties_in_dictionary_order() {
        // ngang < huyền < hỏi < ngã < sắc < nặng
        let mut names = vec!["Hồ Thị Má", "Hồ Thị Mạ", "Hồ Thị Mà", "Hồ Thị Ma", "Hồ Thị Mã", "Hồ Thị Mả"];
        sort_by_name(&mut names, |n| n);
        assert_eq!(names, ["Hồ Thị Ma", "Hồ Thị Mà", "Hồ Thị Mả", "Hồ Thị Mã", "Hồ Thị Má", "Hồ Thị Mạ"]);
    }

    #[test]
    fn same_given_name_sorts_by_family_name() {
        assert_eq!(compare_names("Võ Văn Hùng", "Đặng Văn Hùng"), Ordering::Greater);
        assert_eq!(compare_names("NGUYỄN VĂN AN", "nguyễn văn an"), Ordering::Equal);
    }

    #[test]
    fn folding_drops_every_mark() {
        assert_eq!(fold("Đặng Thị Ngọc Hường"), "dang thi ngoc huong");
        assert_eq!(fold("ẤP BẮC TRANG"), "ap bac trang");
    }

    #[test]
    fn place_names_sort_word_by_word() {
        let mut places = vec!["Xã Thông Bình", "Xã Tân Hộ Cơ", "Thị trấn Sa Rài", "Xã An Phước"];
        places.sort_by_cached_key(|p| text_sort_key(p));
        assert_eq!(places, ["Thị trấn Sa Rài", "Xã An Phước", "Xã Tân Hộ Cơ", "Xã Thông Bình"]);
    }

    #[test]
    fn names_are_validated_and_tidied() {
        assert_eq!(PersonName::parse("  Nguyễn   Thị  Hồng ").unwrap().as_str(), "Nguyễn Thị Hồng");
        assert_eq!(PersonName::parse("Nguyễn Thị Hồng").unwrap().given_name(), "Hồng");
        for bad in ["", "Hồng", "Nguyễn Thị H0ng", "Nguyễn <b>Hồng</b>"] {
            let err = PersonName::parse(bad).unwrap_err();
            assert!(err.to_string().contains("Họ và tên"), "{bad}: {err}");
        }
    }

    #[test]
    fn required_text_refuses_blank_and_too_long() {
        assert_eq!(required_text("  12/QĐ-ĐU ", "Số quyết định", 40), Ok("12/QĐ-ĐU".into()));
        assert_eq!(required_text("   ", "Số quyết định", 40), Err(DomainError::Required("Số quyết định")));
        assert!(matches!(required_text(&"x".repeat(41), "Số quyết định", 40), Err(DomainError::TooLong { .. })));
    }

    proptest! {
        #[test]
        fn sorting_is_a_total_order(a in "[a-zàáảãạăâđêôơư ]{1,20}", b in "[a-zàáảãạăâđêôơư ]{1,20}") {
            let ab = compare_names(&a, &b);
            prop_assert_eq!(ab.reverse(), compare_names(&b, &a));
        }
    }
}
