//! Accounts: who may manage them, what a username and a password must be, and which unit or
//! branch each role works in. The administrator creates accounts with a one-time password the
//! user changes at the first sign-in; an account is disabled, never deleted (the audit log names
//! it).

use serde::{Deserialize, Serialize};

use super::ids::{BranchId, UnitId, UserId};
use super::scope::{Actor, Role};

/// The shortest password accepted.
pub const PASSWORD_MIN: usize = 6;
/// The longest password accepted (argon2 hashes whatever it is given: a bound keeps it cheap).
pub const PASSWORD_MAX: usize = 128;
/// The longest username.
pub const USERNAME_MAX: usize = 40;
/// The longest display name.
pub const DISPLAY_NAME_MAX: usize = 120;

/// Why an account change is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ - (từ 1 đến {USERNAME_MAX} ký tự).")]
    BadUsername,
    #[error("Mật khẩu cần từ {PASSWORD_MIN} đến {PASSWORD_MAX} ký tự.")]
    BadPasswordLength,
    #[error("Mật khẩu không được trùng với tên đăng nhập.")]
    PasswordIsUsername,
    #[error("Mật khẩu mới phải khác mật khẩu đang dùng.")]
    PasswordUnchanged,
    #[error("Chưa nhập họ tên hoặc tên gọi của tài khoản.")]
    NoDisplayName,
    #[error("Họ tên hoặc tên gọi dài quá {DISPLAY_NAME_MAX} ký tự.")]
    DisplayNameTooLong,
    #[error("Tài khoản của văn phòng Đảng ủy cần chọn một xã, phường, thị trấn đang còn hiệu lực.")]
    CommuneNeeded,
    #[error("Tài khoản của bí thư chi bộ cần chọn một chi bộ đang hoạt động.")]
    BranchNeeded,
    #[error("Bạn không thể tự khóa tài khoản của chính mình.")]
    CannotDisableSelf,
    #[error("Mật khẩu của chính bạn được đổi ở trang «Đổi mật khẩu».")]
    ResetOwn,
    #[error("Chỉ quản trị viên mới quản lý được tài khoản.")]
    NotAdmin,
}

/// A username as stored: trimmed, lower case, only `a-z 0-9 . _ -`.
pub fn username(raw: &str) -> Result<String, AccountError> {
    let name = raw.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.chars().count() > USERNAME_MAX || !name.chars().all(allowed) {
        return Err(AccountError::BadUsername);
    }
    Ok(name)
}

/// Whether `password` may be the password of `username`.
pub fn password(password: &str, username: &str) -> Result<(), AccountError> {
    let length = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&length) {
        return Err(AccountError::BadPasswordLength);
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(AccountError::PasswordIsUsername);
    }
    Ok(())
}

/// A user's own change of password: the new one follows the rules and is not the old one.
pub fn new_password(current: &str, new: &str, username: &str) -> Result<(), AccountError> {
    password(new, username)?;
    if current == new {
        return Err(AccountError::PasswordUnchanged);
    }
    Ok(())
}

/// A display name, trimmed.
pub fn display_name(raw: &str) -> Result<String, AccountError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AccountError::NoDisplayName);
    }
    if name.chars().count() > DISPLAY_NAME_MAX || name.chars().any(char::is_control) {
        return Err(AccountError::DisplayNameTooLong);
    }
    Ok(name)
}

/// A commune as an account's scope: whether it is a commune-level unit that still exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommuneFacts {
    pub id: UnitId,
    pub is_commune: bool,
    pub ended: bool,
}

/// A branch as an account's scope: its commune and whether it was dissolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BranchFacts {
    pub id: BranchId,
    pub commune: Option<UnitId>,
    pub dissolved: bool,
}

/// Where an account works.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountScope {
    pub commune_id: Option<UnitId>,
    pub branch_id: Option<BranchId>,
}

/// What an account of a role is placed in: nothing (it reads everything), a commune, a branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Everything,
    Commune,
    Branch,
}

/// The kind of place a role's account is given (the form asks for that one only).
pub fn scope_kind(role: Role) -> ScopeKind {
    match role {
        Role::Admin | Role::District => ScopeKind::Everything,
        Role::CommuneStaff => ScopeKind::Commune,
        Role::BranchSecretary => ScopeKind::Branch,
    }
}

/// The scope a role takes from what was chosen: none for administrators and the district or
/// province board (they read everything), a current commune for a commune office, an active
/// branch of a commune for a branch secretary (the commune is the branch's).
pub fn scope(role: Role, commune: Option<CommuneFacts>, branch: Option<BranchFacts>) -> Result<AccountScope, AccountError> {
    match role {
        Role::Admin | Role::District => Ok(AccountScope::default()),
        Role::CommuneStaff => match commune {
            Some(c) if c.is_commune && !c.ended => Ok(AccountScope { commune_id: Some(c.id), branch_id: None }),
            _ => Err(AccountError::CommuneNeeded),
        },
        Role::BranchSecretary => match branch {
            Some(b) if !b.dissolved && b.commune.is_some() => Ok(AccountScope { commune_id: b.commune, branch_id: Some(b.id) }),
            _ => Err(AccountError::BranchNeeded),
        },
    }
}

/// Only administrators manage accounts.
pub fn may_manage(actor: &Actor) -> Result<(), AccountError> {
    if actor.role == Role::Admin { Ok(()) } else { Err(AccountError::NotAdmin) }
}

/// Disabling an account: an administrator, never their own (nobody locks themselves out, and an
/// organisation always keeps the administrator who acts).
pub fn may_disable(actor: &Actor, target: UserId) -> Result<(), AccountError> {
    may_manage(actor)?;
    if actor.user_id == target {
        return Err(AccountError::CannotDisableSelf);
    }
    Ok(())
}

/// Giving an account a new one-time password: an administrator, for another account (their own
/// is changed with the current password, on the change-password page).
pub fn may_reset(actor: &Actor, target: UserId) -> Result<(), AccountError> {
    may_manage(actor)?;
    if actor.user_id == target {
        return Err(AccountError::ResetOwn);
    }
    Ok(())
}

/// Whether an account works in a unit or branch that has ended (after a merge or a
/// dissolution): the list flags it for the administrator.
pub fn scope_ended(role: Role, commune_ended: bool, branch_dissolved: bool) -> bool {
    match role {
        Role::Admin | Role::District => false,
        Role::CommuneStaff => commune_ended,
        Role::BranchSecretary => commune_ended || branch_dissolved,
    }
}

/// The alphabet of one-time passwords: no letters or digits that are easily confused when read
/// aloud or copied from paper (0/o, 1/l/i).
pub const ONE_TIME_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// The length of a one-time password.
pub const ONE_TIME_LENGTH: usize = 10;

/// A one-time password from random bytes (one byte per character; the caller draws them from
/// the operating system's generator).
pub fn one_time_password(random: &[u8; ONE_TIME_LENGTH]) -> String {
    // 256 is not a multiple of the alphabet's 31 letters; the bias (at most 1/8 more likely for
    // the first letters) costs well under a bit of the password's 49.
    random.iter().map(|b| ONE_TIME_ALPHABET[usize::from(*b) % ONE_TIME_ALPHABET.len()] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { user_id: UserId::new(), username: "a".into(), display_name: "A".into(), role, commune_id: None, branch_id: None }
    }

    #[test]
    fn each_role_asks_for_its_own_place() {
        assert_eq!(scope_kind(Role::Admin), ScopeKind::Everything);
        assert_eq!(scope_kind(Role::District), ScopeKind::Everything);
        assert_eq!(scope_kind(Role::CommuneStaff), ScopeKind::Commune);
        assert_eq!(scope_kind(Role::BranchSecretary), ScopeKind::Branch);
    }

    #[test]
    fn usernames_are_lower_case_ascii_and_bounded() {
        assert_eq!(username("  SaRai.VP ").as_deref(), Ok("sarai.vp"));
        assert_eq!(username("bi_thu-1"), Ok("bi_thu-1".into()));
        for bad in ["", "  ", "sa rài", "sarài", "a/b", &"x".repeat(USERNAME_MAX + 1)] {
            assert_eq!(username(bad), Err(AccountError::BadUsername), "{bad:?}");
        }
    }

    #[test]
    fn passwords_are_long_enough_bounded_and_not_the_username() {
        assert_eq!(password("12345", "sarai"), Err(AccountError::BadPasswordLength));
        assert_eq!(password(&"x".repeat(PASSWORD_MAX + 1), "sarai"), Err(AccountError::BadPasswordLength));
        assert_eq!(password("SaRai", "sarai"), Err(AccountError::BadPasswordLength));
        assert_eq!(password("sarai1", "sarai1"), Err(AccountError::PasswordIsUsername));
        assert_eq!(password("SARAI1", "sarai1"), Err(AccountError::PasswordIsUsername));
        assert!(password("mật khẩu dài", "sarai").is_ok());
        assert_eq!(new_password("tanhong", "tanhong", "sarai"), Err(AccountError::PasswordUnchanged));
        assert!(new_password("tanhong", "tanhong2026", "sarai").is_ok());
    }

    #[test]
    fn display_names_are_trimmed_and_required() {
        assert_eq!(display_name("  Văn phòng   Đảng ủy ").as_deref(), Ok("Văn phòng Đảng ủy"));
        assert_eq!(display_name(" "), Err(AccountError::NoDisplayName));
        assert_eq!(display_name(&"a".repeat(DISPLAY_NAME_MAX + 1)), Err(AccountError::DisplayNameTooLong));
    }

    #[test]
    fn each_role_takes_the_scope_it_works_in() {
        let commune = CommuneFacts { id: UnitId::new(), is_commune: true, ended: false };
        let branch = BranchFacts { id: BranchId::new(), commune: Some(commune.id), dissolved: false };
        assert_eq!(scope(Role::Admin, Some(commune), Some(branch)), Ok(AccountScope::default()));
        assert_eq!(scope(Role::District, Some(commune), None), Ok(AccountScope::default()));
        assert_eq!(scope(Role::CommuneStaff, Some(commune), None), Ok(AccountScope { commune_id: Some(commune.id), branch_id: None }));
        assert_eq!(
            scope(Role::BranchSecretary, None, Some(branch)),
            Ok(AccountScope { commune_id: Some(commune.id), branch_id: Some(branch.id) }),
            "a secretary's commune is their branch's"
        );
    }

    #[test]
    fn a_scope_that_ended_or_is_not_a_commune_is_refused() {
        let id = UnitId::new();
        assert_eq!(scope(Role::CommuneStaff, None, None), Err(AccountError::CommuneNeeded));
        let ended = CommuneFacts { id, is_commune: true, ended: true };
        assert_eq!(scope(Role::CommuneStaff, Some(ended), None), Err(AccountError::CommuneNeeded));
        let hamlet = CommuneFacts { id, is_commune: false, ended: false };
        assert_eq!(scope(Role::CommuneStaff, Some(hamlet), None), Err(AccountError::CommuneNeeded));
        let dissolved = BranchFacts { id: BranchId::new(), commune: Some(id), dissolved: true };
        assert_eq!(scope(Role::BranchSecretary, None, Some(dissolved)), Err(AccountError::BranchNeeded));
        let outside = BranchFacts { id: BranchId::new(), commune: None, dissolved: false };
        assert_eq!(scope(Role::BranchSecretary, None, Some(outside)), Err(AccountError::BranchNeeded));
        assert_eq!(scope(Role::BranchSecretary, None, None), Err(AccountError::BranchNeeded));
    }

    #[test]
    fn only_administrators_manage_accounts_and_nobody_disables_themselves() {
        let admin = actor(Role::Admin);
        assert!(may_manage(&admin).is_ok());
        for role in [Role::District, Role::CommuneStaff, Role::BranchSecretary] {
            assert_eq!(may_manage(&actor(role)), Err(AccountError::NotAdmin));
            assert_eq!(may_disable(&actor(role), UserId::new()), Err(AccountError::NotAdmin));
        }
        assert!(may_disable(&admin, UserId::new()).is_ok());
        assert_eq!(may_disable(&admin, admin.user_id), Err(AccountError::CannotDisableSelf));
        assert!(may_reset(&admin, UserId::new()).is_ok());
        assert_eq!(may_reset(&admin, admin.user_id), Err(AccountError::ResetOwn));
        assert_eq!(may_reset(&actor(Role::District), UserId::new()), Err(AccountError::NotAdmin));
    }

    #[test]
    fn accounts_in_ended_units_are_flagged() {
        assert!(scope_ended(Role::CommuneStaff, true, false));
        assert!(!scope_ended(Role::CommuneStaff, false, true), "an office is not flagged by a dissolved branch");
        assert!(scope_ended(Role::BranchSecretary, false, true));
        assert!(!scope_ended(Role::Admin, true, true) && !scope_ended(Role::District, true, true));
    }

    #[test]
    fn one_time_passwords_use_the_unambiguous_alphabet() {
        let p = one_time_password(&[0, 30, 31, 255, 7, 8, 100, 200, 61, 62]);
        assert_eq!(p.chars().count(), ONE_TIME_LENGTH);
        assert!(p.bytes().all(|b| ONE_TIME_ALPHABET.contains(&b)));
        assert!(!p.contains(['0', 'o', '1', 'l', 'i']));
        assert!(password(&p, "x").is_ok());
        assert_ne!(one_time_password(&[1; ONE_TIME_LENGTH]), one_time_password(&[2; ONE_TIME_LENGTH]));
    }
}
