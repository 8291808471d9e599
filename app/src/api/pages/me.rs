//! The signed-in user, for the header and for the device's local store.

use crate::api::views::Me;
use crate::domain::scope::{Actor, Role};

/// The user as the pages show them, with the page where they start.
pub fn of(actor: &Actor) -> Me {
    let home = match (actor.role, actor.commune_id, actor.branch_id) {
        (Role::BranchSecretary, _, Some(branch)) => format!("/chi-bo/{branch}"),
        (Role::CommuneStaff | Role::BranchSecretary, Some(c), _) => format!("/xa/{c}"),
        (Role::Admin, _, _) => crate::api::paths::SETUP.to_string(),
        _ => "/tong-quan".to_string(),
    };
    Me {
        user_id: actor.user_id.to_string(),
        display_name: actor.display_name.clone(),
        role_label: actor.role.label().to_string(),
        home,
        manages: actor.manages(),
        district: actor.sees_all(),
        admin: actor.role == Role::Admin,
        must_change_password: false,
    }
}
