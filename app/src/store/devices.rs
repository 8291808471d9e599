//! Tables `sync_clients` and `sync_mutations`: per device, whose it is, the last client sequence
//! number processed, and the stored outcome of each processed mutation (a retry gets it back).

use super::Conn;
use super::rows::Flag;
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

/// What the server knows of a device and of one of its mutations, read in one statement: whose
/// device it is and its last processed number (`None`: a device not seen yet), the stored
/// outcome (JSON) of this mutation if the account's devices sent it before, and whether the
/// device's number already holds a processed mutation.
pub struct Known {
    pub device: Option<(String, i64)>,
    pub outcome: Option<String>,
    pub number_taken: bool,
}

/// Reads [`Known`] for a device's mutation.
pub async fn known(conn: &mut Conn, client: &str, user: &str, mutation_id: &str, client_seq: i64) -> Result<Known, AppError> {
    let (owner, last, outcome, taken): (Option<String>, Option<i64>, Option<String>, Flag) = sqlx::query_as(
        "SELECT c.user_id, c.last_client_seq, \
           (SELECT m.outcome FROM sync_mutations m JOIN sync_clients o ON o.client_id = m.client_id \
             WHERE m.mutation_id = $2 AND o.user_id = $3 LIMIT 1), \
           EXISTS (SELECT 1 FROM sync_mutations WHERE client_id = $1 AND client_seq = $4) \
         FROM (SELECT 1) AS one LEFT JOIN sync_clients c ON c.client_id = $1",
    )
    .bind(client)
    .bind(mutation_id)
    .bind(user)
    .bind(client_seq)
    .fetch_one(conn)
    .await?;
    Ok(Known { device: owner.zip(last), outcome, number_taken: taken.0 })
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
