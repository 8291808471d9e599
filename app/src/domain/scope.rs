//! Who may read and change what. Checked on the server for every read and every mutation.

use serde::{Deserialize, Serialize};

use super::ids::{BranchId, UnitId, UserId};

coded_enum!(
    /// The roles of BranchBoard.
    Role {
        Admin = "admin", "Quản trị viên";
        District = "district", "Ban Tổ chức Tỉnh ủy, Huyện ủy";
        CommuneStaff = "commune_staff", "Văn phòng Đảng ủy xã, thị trấn";
        BranchSecretary = "branch_secretary", "Bí thư chi bộ";
    }
);

/// The signed-in user, as the rules see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The commune of commune staff and branch secretaries.
    pub commune_id: Option<UnitId>,
    /// The branch of a branch secretary.
    pub branch_id: Option<BranchId>,
}

impl Actor {
    /// District board and administrators see every commune.
    pub fn sees_all(&self) -> bool {
        matches!(self.role, Role::Admin | Role::District)
    }

    /// Whether the actor may read a commune's pages (a secretary sees only their branch in it).
    pub fn can_read_commune(&self, commune: UnitId) -> bool {
        self.sees_all() || self.commune_id == Some(commune)
    }

    /// Whether the actor may read a member of `commune` whose official branch is `branch`.
    pub fn can_read_member(&self, commune: UnitId, branch: Option<BranchId>) -> bool {
        match self.role {
            Role::Admin | Role::District => true,
            Role::CommuneStaff => self.commune_id == Some(commune),
            Role::BranchSecretary => self.commune_id == Some(commune) && branch.is_some() && self.branch_id == branch,
        }
    }

    /// Whether the actor may read a branch.
    pub fn can_read_branch(&self, commune: Option<UnitId>, branch: BranchId) -> bool {
        match self.role {
            Role::Admin | Role::District => true,
            Role::CommuneStaff => commune.is_some() && self.commune_id == commune,
            Role::BranchSecretary => self.branch_id == Some(branch),
        }
    }

    /// Planning, transfers, dissolutions and member records of a commune: its staff, and administrators.
    pub fn can_manage_commune(&self, commune: UnitId) -> bool {
        self.manages().covers(commune)
    }

    /// Tasks and ratings of a member: the commune's staff, or the secretary of the branch where
    /// the member belongs officially.
    pub fn can_follow_member(&self, commune: UnitId, official: Option<BranchId>) -> bool {
        self.can_manage_commune(commune) || (self.role == Role::BranchSecretary && official.is_some() && self.branch_id == official)
    }

    /// A commune's planning boards: its staff plan on them, the district and administrators read them.
    pub fn can_open_board(&self, commune: UnitId) -> bool {
        self.can_manage_commune(commune) || self.sees_all()
    }

    /// Recording a branch's meetings and proposing its members' ratings: the commune's staff, or
    /// the branch's secretary.
    pub fn can_record_meetings(&self, commune: UnitId, branch: BranchId) -> bool {
        self.can_follow_member(commune, Some(branch))
    }

    /// Rating a branch itself: the commune's staff (and administrators).
    pub fn can_rate_branch(&self, commune: UnitId) -> bool {
        self.can_manage_commune(commune)
    }

    /// Dissolving a branch: the staff of its commune; a branch outside any commune (the district
    /// police branch), only administrators.
    pub fn can_dissolve_branch(&self, commune: Option<UnitId>) -> bool {
        match commune {
            Some(c) => self.can_manage_commune(c),
            None => self.role == Role::Admin,
        }
    }

    /// Editing the organisation tree (units and their events): administrators.
    pub fn can_edit_tree(&self) -> bool {
        self.role == Role::Admin
    }

    /// Opening and closing transfer campaigns: administrators.
    pub fn can_manage_campaigns(&self) -> bool {
        self.role == Role::Admin
    }

    /// Founding a branch in a commune: administrators, and the commune's own office.
    pub fn can_found_branch(&self, commune: UnitId) -> bool {
        self.can_manage_commune(commune)
    }

    /// Whether a change in `commune`, to a row of `branch`, is the actor's to pull: the district
    /// sees all, commune staff their commune, a secretary their branch; a change outside any
    /// commune only the district.
    pub fn sees_change(&self, commune: Option<UnitId>, branch: Option<BranchId>) -> bool {
        match commune {
            Some(c) if self.role == Role::BranchSecretary => self.can_read_member(c, branch),
            Some(c) => self.can_read_commune(c),
            None => self.sees_all(),
        }
    }

    /// Whether the live feed pokes the actor for a commit in `commune` (a poke names no row).
    pub fn hears_of(&self, commune: Option<UnitId>) -> bool {
        commune.map_or(self.sees_all(), |c| self.can_read_commune(c))
    }

    /// The communes this actor manages (what a device needs to know to work without the server).
    pub fn manages(&self) -> Manages {
        match (self.role, self.commune_id) {
            (Role::Admin, _) => Manages::All,
            (Role::CommuneStaff, Some(c)) => Manages::Commune(c),
            _ => Manages::Nothing,
        }
    }
}

/// The communes an actor manages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Manages {
    All,
    Commune(UnitId),
    Nothing,
}

impl Manages {
    pub fn covers(self, commune: UnitId) -> bool {
        match self {
            Self::All => true,
            Self::Commune(c) => c == commune,
            Self::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, commune: Option<UnitId>, branch: Option<BranchId>) -> Actor {
        Actor { user_id: UserId::new(), username: "u".into(), display_name: "U".into(), role, commune_id: commune, branch_id: branch }
    }

    #[test]
    fn commune_staff_stay_in_their_commune() {
        let (mine, other) = (UnitId::new(), UnitId::new());
        let a = actor(Role::CommuneStaff, Some(mine), None);
        assert!(a.can_read_commune(mine) && !a.can_read_commune(other));
        assert!(a.can_read_member(mine, None) && !a.can_read_member(other, None));
        assert!(a.can_manage_commune(mine) && !a.can_manage_commune(other));
        assert!(!a.can_read_branch(Some(other), BranchId::new()));
    }

    #[test]
    fn the_district_reads_everything_and_changes_no_commune_record() {
        let a = actor(Role::District, None, None);
        let c = UnitId::new();
        assert!(a.can_read_commune(c) && a.can_read_member(c, None));
        assert!(!a.can_manage_commune(c));
        assert!(actor(Role::Admin, None, None).can_manage_commune(c));
    }

    #[test]
    fn a_secretary_reads_only_their_branch() {
        let (c, b) = (UnitId::new(), BranchId::new());
        let a = actor(Role::BranchSecretary, Some(c), Some(b));
        assert!(a.can_read_member(c, Some(b)));
        assert!(!a.can_read_member(c, Some(BranchId::new())));
        assert!(!a.can_read_member(c, None));
        assert!(a.can_read_branch(Some(c), b) && !a.can_read_branch(Some(c), BranchId::new()));
        assert!(!a.can_manage_commune(c));
    }

    #[test]
    fn meetings_branch_ratings_and_dissolutions_have_their_own_rights() {
        let (c, other, b) = (UnitId::new(), UnitId::new(), BranchId::new());
        let staff = actor(Role::CommuneStaff, Some(c), None);
        assert!(staff.can_record_meetings(c, b) && !staff.can_record_meetings(other, b));
        assert!(staff.can_rate_branch(c) && !staff.can_rate_branch(other));
        assert!(staff.can_dissolve_branch(Some(c)) && !staff.can_dissolve_branch(Some(other)));
        assert!(!staff.can_dissolve_branch(None), "a branch outside any commune is not the commune's");
        let secretary = actor(Role::BranchSecretary, Some(c), Some(b));
        assert!(secretary.can_record_meetings(c, b) && !secretary.can_record_meetings(c, BranchId::new()));
        assert!(!secretary.can_rate_branch(c) && !secretary.can_dissolve_branch(Some(c)));
        assert!(staff.can_open_board(c) && !staff.can_open_board(other) && !secretary.can_open_board(c));
        let district = actor(Role::District, None, None);
        assert!(district.can_open_board(c));
        assert!(!district.can_record_meetings(c, b) && !district.can_rate_branch(c) && !district.can_dissolve_branch(Some(c)));
        let admin = actor(Role::Admin, None, None);
        assert!(admin.can_dissolve_branch(None) && admin.can_dissolve_branch(Some(c)) && admin.can_rate_branch(c));
        // The tree is the administrator's; a commune's office founds branches in its commune only.
        assert!(admin.can_edit_tree() && !staff.can_edit_tree() && !district.can_edit_tree() && !secretary.can_edit_tree());
        assert!(admin.can_found_branch(c) && staff.can_found_branch(c) && !staff.can_found_branch(other));
        assert!(!district.can_found_branch(c) && !secretary.can_found_branch(c));
        assert!(admin.can_manage_campaigns() && !staff.can_manage_campaigns() && !district.can_manage_campaigns());
    }

    #[test]
    fn changes_are_pulled_and_heard_within_the_scope() {
        let (c, other, b) = (UnitId::new(), UnitId::new(), BranchId::new());
        let staff = actor(Role::CommuneStaff, Some(c), None);
        assert!(staff.sees_change(Some(c), None) && staff.hears_of(Some(c)));
        assert!(!staff.sees_change(Some(other), None) && !staff.hears_of(Some(other)) && !staff.hears_of(None));
        let secretary = actor(Role::BranchSecretary, Some(c), Some(b));
        assert!(secretary.sees_change(Some(c), Some(b)) && !secretary.sees_change(Some(c), Some(BranchId::new())));
        assert!(!secretary.sees_change(Some(c), None), "a row of no branch is not the secretary's");
        assert!(secretary.hears_of(Some(c)), "a poke names no row: the secretary pulls and gets only their branch");
        let district = actor(Role::District, None, None);
        assert!(district.sees_change(None, None) && district.hears_of(None) && district.hears_of(Some(other)));
    }
}
