//! The change history read from `audit_log`: a page of rows within the reader's scope and the
//! page's filters, the names those rows refer to, and the events a commune's lineage comes from.

use std::collections::HashMap;

use sqlx::FromRow;

use super::Conn;
use super::rows::json;
use crate::domain::history::{AuditEntry, HistoryFilter, HistoryScope};
use crate::domain::ids::UnitId;
use crate::error::AppError;

enum Bind {
    Int(i64),
    Text(String),
}

/// A WHERE clause built with numbered parameters (portable SQL) and its values.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    binds: Vec<Bind>,
}

impl Where {
    fn param(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn list(&mut self, values: &[String]) -> String {
        if values.is_empty() {
            return "(NULL)".into();
        }
        let marks: Vec<String> = values.iter().map(|v| self.param(Bind::Text(v.clone()))).collect();
        format!("({})", marks.join(", "))
    }

    fn push(&mut self, part: String) {
        self.parts.push(part);
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() { String::new() } else { format!(" WHERE {}", self.parts.join(" AND ")) }
    }
}

type Query<'q, O> = sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>;

/// A query with the clause's values bound in order.
fn bound<'q, O>(mut q: Query<'q, O>, binds: &'q [Bind]) -> Query<'q, O> {
    for b in binds {
        q = match b {
            Bind::Int(i) => q.bind(*i),
            Bind::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

fn ids(list: &[UnitId]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

/// The clause of a scope and a filter; `commune_lineage` is the filtered commune with its
/// predecessors.
fn clause(scope: &HistoryScope, f: &HistoryFilter, commune_lineage: &[UnitId]) -> Where {
    let mut w = Where::default();
    match scope {
        HistoryScope::All => {}
        HistoryScope::Communes(list) => {
            let l = w.list(&ids(list));
            w.push(format!("a.commune_id IN {l}"));
        }
        HistoryScope::Branch(b) => {
            let p = w.param(Bind::Text(b.to_string()));
            w.push(format!("a.branch_id = {p}"));
        }
        HistoryScope::Nothing => w.push("1 = 0".into()),
    }
    if let Some(from) = f.from_millis {
        let p = w.param(Bind::Int(from));
        w.push(format!("a.at >= {p}"));
    }
    if let Some(until) = f.until_millis {
        let p = w.param(Bind::Int(until));
        w.push(format!("a.at < {p}"));
    }
    let text = |w: &mut Where, column: &str, v: String| {
        let p = w.param(Bind::Text(v));
        w.push(format!("{column} = {p}"));
    };
    if let Some(user) = &f.user {
        text(&mut w, "a.user_id", user.clone());
    }
    if let Some(kind) = f.kind {
        text(&mut w, "a.entity", kind.to_string());
    }
    if let Some(m) = f.member {
        text(&mut w, "a.member_id", m.to_string());
    }
    if let Some(b) = f.branch {
        text(&mut w, "a.branch_id", b.to_string());
    }
    if let Some(u) = f.unit {
        let p = w.param(Bind::Text(u.to_string()));
        w.push(format!("(a.entity = 'unit' AND a.entity_id = {p})"));
    }
    if f.commune.is_some() {
        let (l1, l2) = (w.list(&ids(commune_lineage)), w.list(&ids(commune_lineage)));
        w.push(format!("(a.commune_id IN {l1} OR (a.entity = 'unit' AND a.entity_id IN {l2}))"));
    }
    w
}

#[derive(FromRow)]
struct Row {
    at: i64,
    author: Option<String>,
    client_id: Option<String>,
    mutation: Option<String>,
    entity: String,
    entity_id: String,
    before: Option<String>,
    after: Option<String>,
}

/// History newest first, from the filter's page: at most `limit` rows (`None`: every matching
/// row, for the export); and how many rows match in all.
pub async fn page(
    conn: &mut Conn,
    scope: &HistoryScope,
    f: &HistoryFilter,
    commune_lineage: &[UnitId],
    limit: Option<u32>,
) -> Result<(Vec<AuditEntry>, u64), AppError> {
    let w = clause(scope, f, commune_lineage);
    let from = "FROM audit_log a LEFT JOIN users u ON u.id = a.user_id";
    let count_sql = format!("SELECT COUNT(*) {from}{}", w.sql());
    let count = bound(sqlx::query_as::<_, (i64,)>(&count_sql), &w.binds);
    let (total,) = count.fetch_one(&mut *conn).await?;
    let limit = limit.map(|n| format!(" LIMIT {n} OFFSET {}", f.offset())).unwrap_or_default();
    let sql = format!(
        "SELECT a.at, u.display_name AS author, a.client_id, a.mutation, a.entity, a.entity_id, a.before, a.after {from}{} ORDER BY a.id DESC{limit}",
        w.sql()
    );
    let q = bound(sqlx::query_as::<_, Row>(&sql), &w.binds);
    let rows = q.fetch_all(conn).await?;
    let entries = rows
        .into_iter()
        .map(|r| {
            Ok(AuditEntry {
                at_millis: r.at,
                author: r.author,
                client_id: r.client_id,
                mutation: r.mutation,
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before.as_deref().map(|v| json("audit_log", v)).transpose()?,
                after: r.after.as_deref().map(|v| json("audit_log", v)).transpose()?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok((entries, u64::try_from(total).unwrap_or_default()))
}

/// The names of the given ids among units, branches, members, campaigns and accounts.
pub async fn names(conn: &mut Conn, wanted: &[String]) -> Result<HashMap<String, String>, AppError> {
    let mut out = HashMap::new();
    for chunk in wanted.chunks(400) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let list = marks.join(", ");
        let sql = format!(
            "SELECT id, name FROM org_units WHERE id IN ({list}) UNION ALL SELECT id, name FROM branches WHERE id IN ({list}) \
             UNION ALL SELECT id, full_name FROM members WHERE id IN ({list}) UNION ALL SELECT id, code FROM campaigns WHERE id IN ({list}) \
             UNION ALL SELECT id, username FROM users WHERE id IN ({list})"
        );
        let mut q = sqlx::query_as::<_, (String, String)>(&sql);
        for id in chunk {
            q = q.bind(id.clone());
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Every merge and dissolution with a resulting unit: the unit and the units it ended.
pub async fn lineage_events(conn: &mut Conn) -> Result<Vec<(UnitId, Vec<UnitId>)>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT result_unit, sources FROM org_events WHERE kind IN ('merge', 'dissolve') AND result_unit IS NOT NULL")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(result, sources)| {
            let sources: Vec<String> = serde_json::from_str(&sources).ok()?;
            Some((UnitId::parse(&result)?, sources.iter().filter_map(|s| UnitId::parse(s)).collect()))
        })
        .collect())
}

/// The accounts that made a change the reader may see: id and display name, by name.
pub async fn authors(conn: &mut Conn, scope: &HistoryScope) -> Result<Vec<(String, String)>, AppError> {
    let w = clause(scope, &HistoryFilter::default(), &[]);
    let sql = format!(
        "SELECT u.id, u.display_name FROM users u WHERE u.id IN (SELECT a.user_id FROM audit_log a{}) ORDER BY u.display_name",
        w.sql()
    );
    let q = bound(sqlx::query_as::<_, (String, String)>(&sql), &w.binds);
    Ok(q.fetch_all(conn).await?)
}
