//! Who may read and change what. Checked on the server for every read and every mutation.

use serde::{Deserialize, Serialize};

use super::ids::{BranchId, UnitId, UserId};

coded_enum!(
    /// The roles of BranchBoard.
    Role {
        Admin = "admin", "Quản trị viên";
        District = "district", "Ban Tổ chức Huyện ủy";
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
