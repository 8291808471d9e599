//! Tables `sync_clients` and `sync_mutations`: per device, whose it is, the last client sequence
//! number processed, and the stored outcome of each processed mutation (a retry gets it back).

use super::Conn;
use crate::error::AppError;

/// The account a device belongs to and its last processed client sequence number.
pub async fn get(conn: &mut Conn, client: &str) -> Result<Option<(String, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT user_id, last_client_seq FROM sync_clients WHERE client_id = $1").bind(client).fetch_optional(conn).await?)
}

/// Registers a device of an account (nothing processed yet).
pub async fn register(conn: &mut Conn, client: &str, user: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sync_clients (client_id, user_id, last_client_seq) VALUES ($1, $2, 0)")
        .bind(client)
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// The stored outcome (JSON) of a mutation an account's devices sent, if it was processed.
pub async fn outcome(conn: &mut Conn, user: &str, mutation_id: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT m.outcome FROM sync_mutations m JOIN sync_clients c ON c.client_id = m.client_id WHERE m.mutation_id = $1 AND c.user_id = $2",
    )
    .bind(mutation_id)
    .bind(user)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(o,)| o))
}

/// Whether a device's number holds a processed mutation.
pub async fn number_taken(conn: &mut Conn, client: &str, client_seq: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM sync_mutations WHERE client_id = $1 AND client_seq = $2")
        .bind(client)
        .bind(client_seq)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Stores a mutation's outcome and moves the device's last processed number to it.
pub async fn processed(conn: &mut Conn, client: &str, client_seq: i64, mutation_id: &str, outcome: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sync_mutations (client_id, client_seq, mutation_id, outcome) VALUES ($1, $2, $3, $4)")
        .bind(client)
        .bind(client_seq)
        .bind(mutation_id)
        .bind(outcome)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE sync_clients SET last_client_seq = $1 WHERE client_id = $2").bind(client_seq).bind(client).execute(conn).await?;
    Ok(())
}
