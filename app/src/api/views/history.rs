//! The change history, as its page and the panels of the member, branch and commune pages show it.

use serde::{Deserialize, Serialize};

use super::Choice;
use crate::domain::history::HistoryQuery;

/// One change in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    /// dd/mm/yyyy hh:mm.
    pub when: String,
    pub who: String,
    pub device: String,
    pub action: String,
    pub subject: String,
    /// "Label: before → after", one per changed field.
    pub changes: Vec<String>,
}

/// The latest changes of a member, branch or commune, and the address of all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentChanges {
    pub lines: Vec<ChangeLine>,
    /// How many there are in all.
    pub total: u64,
    pub href: String,
}

/// The history page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    /// What the page is limited to ("Đảng viên Nguyễn Văn Bình"), with its page's address.
    pub subject: Option<(String, String)>,
    /// The filters as the address gave them (the form shows them back).
    pub query: HistoryQuery,
    /// Why the filters were refused, in words (no rows then).
    pub error: Option<String>,
    pub users: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub lines: Vec<ChangeLine>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The export of every matching change.
    pub csv: String,
}
