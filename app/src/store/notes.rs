//! Table `notes`: commendations and criticisms of a member, by year.

use sqlx::FromRow;

use super::Conn;
use super::rows::{code, convert, id};
use crate::domain::ids::{MemberId, NoteId};
use crate::domain::note::{Note, NoteKind};
use crate::error::AppError;

#[derive(FromRow)]
struct NoteRow {
    id: String,
    member_id: String,
    year: i32,
    kind: String,
    text: String,
    version: i64,
}

impl TryFrom<NoteRow> for Note {
    type Error = AppError;
    fn try_from(r: NoteRow) -> Result<Self, AppError> {
        Ok(Note {
            id: id(&r.id, NoteId::parse)?,
            member_id: id(&r.member_id, MemberId::parse)?,
            year: r.year,
            kind: code(&r.kind, NoteKind::from_code)?,
            text: r.text,
            version: r.version,
        })
    }
}

/// A note by id.
pub async fn get(conn: &mut Conn, note: NoteId) -> Result<Option<Note>, AppError> {
    let row: Option<NoteRow> = sqlx::query_as("SELECT id, member_id, year, kind, text, version FROM notes WHERE id = $1")
        .bind(note.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(Note::try_from).transpose()
}

/// A member's notes by year, in the order they were written (the ids are time-ordered UUIDs).
pub async fn of_member(conn: &mut Conn, member: MemberId) -> Result<Vec<Note>, AppError> {
    let rows: Vec<NoteRow> =
        sqlx::query_as("SELECT id, member_id, year, kind, text, version FROM notes WHERE member_id = $1 ORDER BY year, id")
            .bind(member.to_string())
            .fetch_all(conn)
            .await?;
    convert(rows)
}

/// Inserts or updates a note.
pub async fn save(conn: &mut Conn, n: &Note) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO notes (id, member_id, year, kind, text, version) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET year = excluded.year, kind = excluded.kind, text = excluded.text, version = excluded.version",
    )
    .bind(n.id.to_string())
    .bind(n.member_id.to_string())
    .bind(n.year)
    .bind(n.kind.code())
    .bind(&n.text)
    .bind(n.version)
    .execute(conn)
    .await?;
    Ok(())
}
