//! The device's store in localStorage (gloo-storage), per signed-in account: the replica in
//! separate entries (meta, base, outbox, rejected) and the user last seen on this device.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::engine::{STORAGE_FULL, SyncEngine, now_millis};
use crate::api::views::Me;
use crate::sync::replica::{LoadProblem, Replica, Stored};

const ME: &str = "branchboard/v1/me";

/// Keeps the signed-in user on the device (a page opened without the server needs it).
pub fn remember_me(me: &Me) {
    if let Ok(text) = serde_json::to_string(me) {
        let _ = write(ME, &text);
    }
}

/// The user last seen on this device.
pub fn remembered_me() -> Option<Me> {
    read(ME).and_then(|t| serde_json::from_str(&t).ok())
}

/// Signing out: the device no longer opens as this user (the unsent changes stay stored).
pub fn forget_me() {
    let _ = LocalStorage::raw().remove_item(ME);
}

fn storage_key(user: &str, part: &str) -> String {
    format!("branchboard/v1/{user}/{part}")
}

pub(super) fn read(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

pub(super) fn write(key: &str, value: &str) -> Result<(), String> {
    LocalStorage::raw().set_item(key, value).map_err(|_| STORAGE_FULL.to_string())
}

pub(super) fn remove(key: &str) {
    let _ = LocalStorage::raw().remove_item(key);
}

impl SyncEngine {
    /// The key of one of the signed-in user's entries.
    pub(super) fn key(self, part: &str) -> Option<String> {
        self.user.with_value(|u| u.as_deref().map(|u| storage_key(u, part)))
    }

    /// Reads a user's replica; problems are reported, unreadable changes kept aside.
    pub(super) fn load(self, user_id: &str) -> Option<Replica> {
        let k = |part: &str| storage_key(user_id, part);
        let stored = Stored { meta: read(&k("meta")), base: read(&k("base")), outbox: read(&k("outbox")), rejected: read(&k("rejected")) };
        let (replica, problems) = stored.load(uuid::Uuid::now_v7());
        for p in &problems {
            match p {
                LoadProblem::ChangesUnreadable => {
                    // Kept aside untouched before anything is written over them.
                    let at = now_millis();
                    for part in ["outbox", "rejected"] {
                        if let Some(text) = read(&k(part)) {
                            let _ = write(&k(&format!("{part}-unreadable-{at}")), &text);
                        }
                    }
                }
                LoadProblem::NewerFormat(_) => {
                    self.warning.set(Some(p.message()));
                    return None;
                }
                LoadProblem::BaseUnreadable => {}
            }
            self.warning.set(Some(p.message()));
        }
        Some(replica)
    }

    /// Writes the outbox, the rejected list and the meta (the user's own work).
    pub(super) fn persist_changes(self) -> Result<(), String> {
        let parts = self.replica.with_value(|r| {
            r.as_ref().map(|r| [("outbox", Stored::outbox_of(r)), ("rejected", Stored::rejected_of(r)), ("meta", Stored::meta_of(r))])
        });
        let Some(parts) = parts else { return Err(STORAGE_FULL.into()) };
        for (part, text) in parts {
            write(&self.key(part).ok_or(STORAGE_FULL)?, &text)?;
        }
        Ok(())
    }

    /// Writes the base, then the meta with its cursor. The base only mirrors the server: when it
    /// does not fit, it is removed and pulled again later, never the user's changes.
    pub(super) fn persist_base(self) {
        let Some((base, meta)) = self.replica.with_value(|r| r.as_ref().map(|r| (Stored::base_of(r), Stored::meta_of(r)))) else {
            return;
        };
        let (Some(base_key), Some(meta_key)) = (self.key("base"), self.key("meta")) else { return };
        if write(&base_key, &base).and_then(|_| write(&meta_key, &meta)).is_err() {
            remove(&base_key);
            self.warning.set(Some(
                "Bộ nhớ trình duyệt không đủ để giữ bản sao dữ liệu; các thay đổi của bạn vẫn được lưu và gửi bình thường.".into(),
            ));
        }
    }
}
