//! What several pages show the same way: a campaign's line, a history row, and what a commune's
//! activity says about each member (the report's flags).

use std::collections::{HashMap, HashSet};

use crate::api::views::{CampaignLine, HistoryRow};
use crate::domain::campaign::Campaign;
use crate::domain::flags::{FlagRules, MemberFacts, flags_for};
use crate::domain::ids::{MemberId, UnitId};
use crate::domain::meeting::Participation;
use crate::domain::member::Member;
use crate::domain::plan::Transfer;
use crate::error::AppError;
use crate::store::{Conn, meetings, tasks, transfers};

/// A campaign as the pages list it.
pub fn campaign_line(c: &Campaign) -> CampaignLine {
    CampaignLine {
        id: c.id.to_string(),
        code: c.code.clone(),
        title: c.title.clone(),
        basis_date: c.basis_date.to_vn(),
        issuer: c.issuer.clone(),
        open: c.open,
    }
}

/// A row of a history table.
pub fn row(cells: impl IntoIterator<Item = String>) -> HistoryRow {
    HistoryRow { cells: cells.into_iter().collect() }
}

/// A commune's transfers, tasks given and meeting participation: what the flags are made of.
pub struct Activity {
    pub transfers: Vec<Transfer>,
    moved: HashSet<MemberId>,
    tasks: HashMap<MemberId, usize>,
    participation: HashMap<MemberId, Participation>,
}

impl Activity {
    /// The activity of a commune's members.
    pub async fn load(conn: &mut Conn, commune: UnitId) -> Result<Self, AppError> {
        let transfers = transfers::of_commune(conn, Some(commune)).await?;
        let moved = transfers.iter().map(|t| t.member_id).collect();
        Ok(Self {
            transfers,
            moved,
            tasks: tasks::counts_in_commune(conn, commune).await?,
            participation: meetings::participation_in_commune(conn, commune).await?,
        })
    }

    /// Whether a transfer moved the member.
    pub fn moved(&self, member: MemberId) -> bool {
        self.moved.contains(&member)
    }

    /// The member's meeting participation.
    pub fn participation(&self, member: MemberId) -> Participation {
        self.participation.get(&member).copied().unwrap_or_default()
    }

    /// The labels of the member's flags (no task, low attendance, never contributing…).
    pub fn flags(&self, m: &Member) -> Vec<String> {
        let facts = MemberFacts {
            moved: self.moved(m.id),
            is_leader: m.is_leader(),
            tasks: self.tasks.get(&m.id).copied().unwrap_or(0),
            participation: self.participation(m.id),
        };
        flags_for(&facts, &FlagRules::default()).iter().map(|f| f.label().to_string()).collect()
    }
}
