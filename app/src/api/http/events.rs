//! `GET /api/events`: the live feed (Server-Sent Events).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::api::session::CurrentUser;
use crate::api::state::AppState;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/events", get(events))
}

#[derive(Deserialize)]
struct EventsQuery {
    /// The last sequence number seen (when reconnecting by hand; the browser's own reconnection
    /// sends `Last-Event-ID`).
    since: Option<i64>,
}

/// What a poke says besides its number: nothing (a commit), that the kept figures of the commit's
/// communes were refreshed since (pages that show them fetch again), or, for the district, those
/// figures themselves (the overview and the report apply them without asking again).
enum Refreshed<'a> {
    No,
    Yes,
    With(&'a str),
}

/// A poke: the newest change number, and what was refreshed.
fn poke(seq: i64, refreshed: Refreshed<'_>) -> axum::response::sse::Event {
    let data = match refreshed {
        Refreshed::With(f) => format!("{{\"seq\":{seq},\"refreshed\":true,\"figures\":{f}}}"),
        Refreshed::Yes => format!("{{\"seq\":{seq},\"refreshed\":true}}"),
        Refreshed::No => format!("{{\"seq\":{seq}}}"),
    };
    axum::response::sse::Event::default().event("poke").id(seq.to_string()).data(data)
}

/// `GET /api/events`: Server-Sent Events. A small "poke" with the newest change sequence number
/// (also the event id) whenever a commit touches the caller's scope; nothing else crosses, so a
/// poke reveals no data. A client that reconnects with `Last-Event-ID` (or `?since=`) older than
/// the newest commit is poked at once.
async fn events(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    use axum::response::sse::{KeepAlive, Sse};
    use tokio::sync::broadcast::error::RecvError;
    let last_seen = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok()).or(query.since);
    let commits = state.db.commits();
    let newest = state.db.newest_seq().await?;
    let resume = last_seen.filter(|seen| *seen < newest).map(|_| newest);
    let db = state.db.clone();
    let stream = futures_util::stream::unfold((commits, resume), move |(mut commits, resume)| {
        let (db, actor) = (db.clone(), actor.clone());
        async move {
            if let Some(seq) = resume {
                return Some((Ok::<_, std::convert::Infallible>(poke(seq, Refreshed::No)), (commits, None)));
            }
            loop {
                match commits.recv().await {
                    // The account was disabled or its password reset: its feed ends with its sessions.
                    Ok(commit) if commit.signed_out == Some(actor.user_id) => return None,
                    // The tree changed: a commune device reconnects under its account's scope now.
                    Ok(commit) if commit.rescoped && !actor.sees_all() => return None,
                    // The commit at once, to everyone it concerns; once its communes' figures are
                    // refreshed, again: with the figures to the district, without (they may name
                    // other communes) to the communes.
                    Ok(commit) if commit.communes.iter().any(|c| actor.hears_of(*c)) => {
                        let refreshed = match commit.figures.as_deref() {
                            None => Refreshed::No,
                            Some(f) if actor.sees_all() => Refreshed::With(f),
                            Some(_) => Refreshed::Yes,
                        };
                        return Some((Ok(poke(commit.seq, refreshed)), (commits, None)));
                    }
                    Ok(_) => {}
                    // Too slow to follow every commit: one poke with the newest number covers them.
                    // If the database cannot say which (logged), the stream ends: the browser
                    // reconnects with the last number it saw and is poked then.
                    Err(RecvError::Lagged(_)) => {
                        let seq = db.newest_seq().await.ok()?;
                        return Some((Ok(poke(seq, Refreshed::No)), (commits, None)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))).into_response())
}
