//! The replica as the browser stores it, and loading it back (with what went wrong, said).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::*;

/// The replica as the browser stores it: separate entries, so that queuing a change rewrites
/// only the small outbox, not the whole base.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    pub meta: Option<String>,
    pub base: Option<String>,
    pub outbox: Option<String>,
    pub rejected: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Meta {
    format: u32,
    client_id: Uuid,
    last_seq: i64,
    cursor: i64,
}

/// What loading found wrong, for the user (nothing is dropped silently).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    /// The base could not be read: it is pulled again (it only mirrors the server).
    BaseUnreadable,
    /// The outbox or the rejected list could not be read: kept aside, untouched, under its key.
    ChangesUnreadable,
    /// A newer version of the app stored this; nothing is touched.
    NewerFormat(u32),
}

impl Stored {
    pub fn meta_of(r: &Replica) -> String {
        let meta = Meta { format: STORE_FORMAT, client_id: r.client_id, last_seq: r.last_seq, cursor: r.cursor };
        serde_json::to_string(&meta).unwrap_or_default()
    }
    pub fn base_of(r: &Replica) -> String {
        serde_json::to_string(&r.base).unwrap_or_default()
    }
    pub fn outbox_of(r: &Replica) -> String {
        serde_json::to_string(&r.outbox).unwrap_or_default()
    }
    pub fn rejected_of(r: &Replica) -> String {
        serde_json::to_string(&r.rejected).unwrap_or_default()
    }

    /// The replica stored here, migrated to the current format, or a new one for `new_client`.
    /// Returns the problems found; the caller tells the user.
    pub fn load(&self, new_client: Uuid) -> (Replica, Vec<LoadProblem>) {
        let mut problems = Vec::new();
        let Some(meta) = self.meta.as_deref().and_then(|m| serde_json::from_str::<Meta>(m).ok()) else {
            return (Replica::new(new_client), problems);
        };
        if meta.format > STORE_FORMAT {
            problems.push(LoadProblem::NewerFormat(meta.format));
            return (Replica::new(new_client), problems);
        }
        let mut replica = Replica::new(meta.client_id);
        replica.last_seq = meta.last_seq;
        // Format 1 is the first; a later format adds its step here, from the oldest.
        match self.base.as_deref().map(serde_json::from_str::<Entities>) {
            Some(Ok(base)) => {
                replica.base = base;
                replica.cursor = meta.cursor;
            }
            Some(Err(_)) => problems.push(LoadProblem::BaseUnreadable),
            None => {}
        }
        let outbox = self.outbox.as_deref().map(serde_json::from_str::<Vec<Pending>>).transpose();
        let rejected = self.rejected.as_deref().map(serde_json::from_str::<Vec<Rejection>>).transpose();
        match (outbox, rejected) {
            (Ok(outbox), Ok(rejected)) => {
                replica.outbox = outbox.unwrap_or_default();
                replica.rejected = rejected.unwrap_or_default();
            }
            _ => problems.push(LoadProblem::ChangesUnreadable),
        }
        // Never reuse a number an unsent change holds (the meta may lag behind the outbox). The
        // numbers of changes already answered may belong to an earlier device id (see
        // `resequence`); a number the server did process is refused and renumbered, never lost.
        let highest = replica.unsent().map(|m| m.client_seq);
        replica.last_seq = highest.fold(replica.last_seq, i64::max);
        (replica, problems)
    }
}

impl LoadProblem {
    /// The message for the user, in Vietnamese.
    pub fn message(&self) -> String {
        match self {
            Self::BaseUnreadable => "Dữ liệu lưu trên máy bị hỏng; ứng dụng sẽ tải lại từ máy chủ khi có mạng.".into(),
            Self::ChangesUnreadable => {
                "Không đọc được các thay đổi chưa gửi lưu trên máy. Chúng được giữ nguyên; hãy báo quản trị viên trước khi xóa dữ liệu trình duyệt."
                    .into()
            }
            Self::NewerFormat(v) => format!("Dữ liệu trên máy do phiên bản mới hơn của ứng dụng lưu (định dạng {v}); hãy tải lại trang."),
        }
    }
}
