//! Live pokes between app servers on PostgreSQL: every commit announced by any server goes out as
//! a `NOTIFY` on one channel, and each server's listener hands it to its own live subscribers
//! (its own commits too, so there is one path). A notification carries only the scope and the
//! change number; the district's figures are read from `commune_stats` by each listener. A
//! listener that loses its connection misses what was sent meanwhile, so after reconnecting it
//! re-reads the change log since the last number it saw and pokes for all of it at once.

use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::broadcast;

use super::db::Commit;
use super::{Conn, changes, stats};
use crate::domain::ids::{UnitId, UserId};
use crate::error::AppError;

/// The channel every app server listens on.
pub const CHANNEL: &str = "branchboard_commits";

/// Communes per notification: a notification holds at most 8,000 bytes, a commune's id 39 of
/// them in JSON. A commit touching more goes out as several notifications with the same number.
const COMMUNES_PER_NOTICE: usize = 100;

/// What a notification says.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Notice {
    seq: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    communes: Vec<Option<UnitId>>,
    /// The communes' figures were refreshed (listeners read them from `commune_stats`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    refreshed: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    rescoped: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signed_out: Option<UserId>,
}

/// The payloads of the notifications that announce `commit`.
fn payloads(commit: &Commit) -> Vec<String> {
    let notice = |communes: &[Option<UnitId>]| Notice {
        seq: commit.seq,
        communes: communes.to_vec(),
        refreshed: commit.figures.is_some(),
        rescoped: commit.rescoped,
        signed_out: commit.signed_out,
    };
    let notices: Vec<Notice> =
        if commit.communes.is_empty() { vec![notice(&[])] } else { commit.communes.chunks(COMMUNES_PER_NOTICE).map(notice).collect() };
    notices.iter().filter_map(|n| serde_json::to_string(n).ok()).collect()
}

/// Sends the notifications of `commit` (delivered to every listener, this server's included).
pub(super) async fn notify(pool: &AnyPool, commit: &Commit) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    for payload in payloads(commit) {
        // `pg_notify` returns `void`, which the Any driver cannot read: it is called in FROM.
        sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The commit a notification announces, with the figures read now when it says they were refreshed.
async fn commit_of(conn: &mut Conn, payload: &str) -> Result<Commit, AppError> {
    let notice: Notice = serde_json::from_str(payload).map_err(|e| {
        tracing::warn!(error = %e, payload, "a notification that is not BranchBoard's");
        AppError::Internal
    })?;
    let figures = if notice.refreshed { Some(figures(conn, &notice.communes).await?) } else { None };
    Ok(Commit { seq: notice.seq, communes: notice.communes, figures, signed_out: notice.signed_out, rescoped: notice.rescoped })
}

/// The kept figures of `communes`, as the district's feed sends them.
async fn figures(conn: &mut Conn, communes: &[Option<UnitId>]) -> Result<std::sync::Arc<str>, AppError> {
    let figures = stats::of(conn, communes).await?;
    Ok(serde_json::to_string(&figures).map_err(|_| AppError::Internal)?.into())
}

/// Listens until the process ends, handing every notification to `commits`; `last` is the newest
/// change number when it starts.
pub(super) fn spawn_listener(url: String, pool: AnyPool, commits: broadcast::Sender<Commit>, mut last: i64) {
    tokio::spawn(async move {
        let mut wait = Duration::from_millis(100);
        loop {
            let mut listener = match listen(&url).await {
                Ok(listener) => listener,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for the other servers' commits; retrying");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(5));
                    continue;
                }
            };
            wait = Duration::from_millis(100);
            if let Err(e) = catch_up(&pool, &commits, &mut last).await {
                tracing::warn!(error = %e, "cannot re-read the change log after reconnecting");
            }
            // `Ok(None)`: the connection was lost (what was sent meanwhile is lost with it).
            while let Ok(Some(notification)) = listener.try_recv().await {
                let delivered = async {
                    let commit = commit_of(&mut *pool.acquire().await?, notification.payload()).await?;
                    last = last.max(commit.seq);
                    let _ = commits.send(commit);
                    Ok::<_, AppError>(())
                };
                if let Err(e) = delivered.await {
                    tracing::warn!(error = %e, "a notification could not be handed on");
                }
            }
            tracing::warn!("lost the connection that listens for commits; reconnecting");
        }
    });
}

async fn listen(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// After (re)connecting: one commit for every change committed since `last`, with the figures of
/// its communes as kept now. It says the tree may have changed (a merge while away): commune feeds
/// reconnect under their accounts' scope as it is now.
async fn catch_up(pool: &AnyPool, commits: &broadcast::Sender<Commit>, last: &mut i64) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    let newest = changes::newest(&mut conn).await?;
    if newest <= *last {
        return Ok(());
    }
    let communes = changes::communes_between(&mut conn, *last + 1, newest).await?;
    let figures = Some(figures(&mut conn, &communes).await?);
    let _ = commits.send(Commit { seq: newest, communes, figures, signed_out: None, rescoped: true });
    *last = newest;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(communes: usize) -> Commit {
        Commit {
            seq: 42,
            communes: (0..communes).map(|i| (i > 0).then(UnitId::new)).collect(),
            figures: None,
            signed_out: None,
            rescoped: false,
        }
    }

    #[test]
    fn a_notification_carries_only_the_scope_and_the_number() {
        let commit = Commit { figures: Some("[{\"commune_name\":\"Xã Bình Phú\"}]".into()), ..commit(2) };
        let [payload] = payloads(&commit).try_into().unwrap();
        let notice: Notice = serde_json::from_str(&payload).unwrap();
        assert_eq!(notice, Notice { seq: 42, communes: commit.communes.clone(), refreshed: true, rescoped: false, signed_out: None });
        assert!(!payload.contains("Bình Phú"), "no figures cross: {payload}");
        let out = payloads(&Commit { seq: 0, communes: Vec::new(), figures: None, signed_out: Some(UserId::new()), rescoped: false });
        assert_eq!(out.len(), 1);
        assert!(out[0].contains("signed_out") && !out[0].contains("communes"), "{}", out[0]);
    }

    #[test]
    fn a_commit_touching_many_communes_is_split_under_the_size_limit() {
        let commit = commit(250);
        let out = payloads(&commit);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|p| p.len() < 8000), "{:?}", out.iter().map(String::len).collect::<Vec<_>>());
        let again: Vec<Option<UnitId>> = out.iter().flat_map(|p| serde_json::from_str::<Notice>(p).unwrap().communes).collect();
        assert_eq!(again, commit.communes, "every commune once, in order");
    }
}
