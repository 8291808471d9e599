//! Tables `meetings` and `attendance`: a branch's meetings and who came, spoke and contributed.

use std::collections::HashMap;

use sqlx::FromRow;

use super::Conn;
use super::rows::{Flag, code, convert, date, id};
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, MeetingId, MemberId, UnitId};
use crate::domain::meeting::{Attendance, HeldMeeting, Meeting, MeetingKind, MeetingRecord, Participation, Presence};
use crate::error::AppError;

#[derive(FromRow)]
struct MeetingRow {
    id: String,
    branch_id: String,
    held_on: String,
    kind: String,
    observer: Option<String>,
    version: i64,
}

impl TryFrom<MeetingRow> for Meeting {
    type Error = AppError;
    fn try_from(r: MeetingRow) -> Result<Self, AppError> {
        Ok(Meeting {
            id: id(&r.id, MeetingId::parse)?,
            branch_id: id(&r.branch_id, BranchId::parse)?,
            date: date(&r.held_on)?,
            kind: code(&r.kind, MeetingKind::from_code)?,
            observer: r.observer,
            version: r.version,
        })
    }
}

#[derive(FromRow)]
struct AttendanceRow {
    meeting_id: String,
    member_id: String,
    presence: String,
    #[sqlx(try_from = "Flag")]
    spoke: bool,
    #[sqlx(try_from = "Flag")]
    contributed: bool,
}

impl TryFrom<AttendanceRow> for Attendance {
    type Error = AppError;
    fn try_from(r: AttendanceRow) -> Result<Self, AppError> {
        Ok(Attendance {
            meeting_id: id(&r.meeting_id, MeetingId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            presence: code(&r.presence, Presence::from_code)?,
            spoke: r.spoke,
            contributed: r.contributed,
        })
    }
}

/// A meeting with its attendance sheet.
pub async fn get(conn: &mut Conn, meeting: MeetingId) -> Result<Option<MeetingRecord>, AppError> {
    let row: Option<MeetingRow> = sqlx::query_as("SELECT id, branch_id, held_on, kind, observer, version FROM meetings WHERE id = $1")
        .bind(meeting.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let rows: Vec<AttendanceRow> = sqlx::query_as(
        "SELECT meeting_id, member_id, presence, CAST(spoke AS INTEGER) AS spoke, CAST(contributed AS INTEGER) AS contributed \
         FROM attendance WHERE meeting_id = $1 ORDER BY member_id",
    )
    .bind(meeting.to_string())
    .fetch_all(conn)
    .await?;
    Ok(Some(MeetingRecord { meeting: Meeting::try_from(row)?, attendance: convert(rows)? }))
}

/// The meetings a branch held, newest first (for the one-regular-meeting-a-month rule).
pub async fn held_by(conn: &mut Conn, branch: BranchId) -> Result<Vec<HeldMeeting>, AppError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, held_on, kind FROM meetings WHERE branch_id = $1 ORDER BY held_on DESC")
            .bind(branch.to_string())
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(i, d, k)| Ok(HeldMeeting { id: id(&i, MeetingId::parse)?, date: date(&d)?, kind: code(&k, MeetingKind::from_code)? }))
        .collect()
}

/// A recent meeting of a branch, with how many were on its sheet and how many came.
pub struct Recent {
    pub date: Date,
    pub kind: MeetingKind,
    pub observer: Option<String>,
    pub on_sheet: i64,
    pub present: i64,
}

/// A branch's `limit` most recent meetings, newest first.
pub async fn recent(conn: &mut Conn, branch: BranchId, limit: i64) -> Result<Vec<Recent>, AppError> {
    let rows: Vec<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT m.held_on, m.kind, m.observer, COUNT(a.member_id), COALESCE(SUM(CASE WHEN a.presence = 'present' THEN 1 ELSE 0 END), 0) \
         FROM meetings m LEFT JOIN attendance a ON a.meeting_id = m.id WHERE m.branch_id = $1 \
         GROUP BY m.id, m.held_on, m.kind, m.observer ORDER BY m.held_on DESC LIMIT $2",
    )
    .bind(branch.to_string())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(d, k, observer, on_sheet, present)| {
            Ok(Recent { date: date(&d)?, kind: code(&k, MeetingKind::from_code)?, observer, on_sheet, present })
        })
        .collect()
}

/// The meeting participation of each member of a commune (members on no sheet are left out).
pub async fn participation_in_commune(conn: &mut Conn, commune: UnitId) -> Result<HashMap<MemberId, Participation>, AppError> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT a.member_id, COUNT(*), SUM(CASE WHEN a.presence = 'present' THEN 1 ELSE 0 END), SUM(CASE WHEN a.contributed THEN 1 ELSE 0 END) \
         FROM attendance a JOIN members m ON m.id = a.member_id WHERE m.commune_id = $1 GROUP BY a.member_id",
    )
    .bind(commune.to_string())
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(m, n, p, c)| Ok((id(&m, MemberId::parse)?, Participation { meetings: n as u32, present: p as u32, contributed: c as u32 })))
        .collect()
}

/// Inserts or updates a meeting and replaces its attendance sheet.
pub async fn save(conn: &mut Conn, r: &MeetingRecord) -> Result<(), AppError> {
    let m = &r.meeting;
    sqlx::query(
        "INSERT INTO meetings (id, branch_id, held_on, kind, observer, version) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET held_on = excluded.held_on, kind = excluded.kind, observer = excluded.observer, version = excluded.version",
    )
    .bind(m.id.to_string())
    .bind(m.branch_id.to_string())
    .bind(m.date.to_iso())
    .bind(m.kind.code())
    .bind(&m.observer)
    .bind(m.version)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM attendance WHERE meeting_id = $1").bind(m.id.to_string()).execute(&mut *conn).await?;
    for a in &r.attendance {
        sqlx::query(
            "INSERT INTO attendance (meeting_id, member_id, presence, spoke, contributed, version) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(m.id.to_string())
        .bind(a.member_id.to_string())
        .bind(a.presence.code())
        .bind(a.spoke)
        .bind(a.contributed)
        .bind(m.version)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
