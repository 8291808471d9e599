//! What exists of the organisation today, for the administrator's set-up home (counts only).

use super::Conn;
use crate::domain::setup::SetupCounts;
use crate::error::AppError;

/// The counts of each step of setting up.
pub async fn counts(conn: &mut Conn) -> Result<SetupCounts, AppError> {
    let (top, communes, hamlets, branches, offices, secretaries, members, campaigns): (i64, i64, i64, i64, i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT \
               (SELECT COUNT(*) FROM org_units u JOIN unit_types t ON t.code = u.type_code WHERE t.level = 0 AND u.valid_to IS NULL), \
               (SELECT COUNT(*) FROM org_units u JOIN unit_types t ON t.code = u.type_code WHERE t.level = 1 AND u.valid_to IS NULL), \
               (SELECT COUNT(*) FROM org_units u JOIN unit_types t ON t.code = u.type_code WHERE t.level = 2 AND u.valid_to IS NULL), \
               (SELECT COUNT(*) FROM branches WHERE kind = 'residential' AND dissolved_on IS NULL), \
               (SELECT COUNT(*) FROM users WHERE role = 'commune_staff' AND disabled_at IS NULL), \
               (SELECT COUNT(*) FROM users WHERE role = 'branch_secretary' AND disabled_at IS NULL), \
               (SELECT COUNT(*) FROM members), \
               (SELECT COUNT(*) FROM campaigns WHERE is_open)",
        )
        .fetch_one(conn)
        .await?;
    let n = |v: i64| usize::try_from(v).unwrap_or_default();
    Ok(SetupCounts {
        top_units: n(top),
        communes: n(communes),
        hamlets: n(hamlets),
        residential_branches: n(branches),
        office_accounts: n(offices),
        secretary_accounts: n(secretaries),
        members: n(members),
        open_campaigns: n(campaigns),
    })
}
