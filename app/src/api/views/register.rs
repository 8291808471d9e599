//! The member register and the import of a member list, as the pages show them.

use serde::{Deserialize, Serialize};

use super::Choice;

/// A change an import's confirmation sends: a mutation's name, arguments and base version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedChange {
    pub name: String,
    pub args: serde_json::Value,
    pub base: Option<i64>,
}

/// One row of an uploaded list, checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportLine {
    /// The row's number in the sheet.
    pub line: usize,
    pub name: String,
    /// What is wrong with it, in Vietnamese (nothing is sent for it).
    pub errors: Vec<String>,
    /// The hamlets an ambiguous residence could mean.
    pub hamlet_choices: Vec<Choice>,
    /// It matches a member already on the register.
    pub updates: bool,
    /// The register already says what the row says.
    pub unchanged: bool,
    pub change: Option<PlannedChange>,
}

/// What the import page sends to be checked: the file as a data URL, the user's column mapping
/// (column index → a column's code, "" for not used) and hamlet choices (row number → hamlet id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub data_url: String,
    #[serde(default)]
    pub mapping: Vec<(usize, String)>,
    #[serde(default)]
    pub hamlets: Vec<(usize, String)>,
}

/// An uploaded list, read and checked; nothing written yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub headers: Vec<String>,
    /// The column each of the file's columns is taken as (a code, or "" for not used).
    pub columns: Vec<String>,
    pub column_choices: Vec<Choice>,
    /// The required columns not found (the rows are read once they are mapped).
    pub missing: Vec<String>,
    pub lines: Vec<ImportLine>,
}

/// A member on the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub id: String,
    pub name: String,
    pub gender: String,
    /// dd/mm/yyyy.
    pub birth: String,
    pub card: String,
    /// "Chính thức", "Dự bị".
    pub status: String,
    pub residence: String,
    pub job: String,
    /// The branch where the member belongs officially ("" when none).
    pub branch: String,
}

/// A commune's member register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterView {
    pub commune_id: String,
    pub commune: String,
    /// The user brings lists in (the commune's office, administrators).
    pub can_import: bool,
    /// In Vietnamese order by given name.
    pub members: Vec<RegisterLine>,
    /// The form that adds a member (the commune's office, administrators).
    pub new_member: Option<MemberFormChoices>,
}

/// What the member form needs: the commune's hamlets, and for a new member the branches they may
/// join, with the branch of each hamlet to suggest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFormChoices {
    pub commune_id: String,
    pub hamlets: Vec<Choice>,
    /// The active residential branches.
    pub branches: Vec<Choice>,
    /// (hamlet, its branch).
    pub home_branches: Vec<(String, String)>,
}

/// A member's record as the edit form starts from it, and the version it edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEdit {
    pub id: String,
    pub draft: crate::domain::member::MemberDraft,
    pub version: i64,
    pub choices: MemberFormChoices,
}
