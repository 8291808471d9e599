//! `/lich-su`: the change history — every change the reader's scope allows, filtered by days,
//! author, kind and subject (a member, a branch, a commune or a unit), newest first, a page at a
//! time; its CSV export; and the latest changes the member, branch and commune pages show.

use crate::api::views::{ChangeLine, Choice, HistoryView, RecentChanges};
use crate::domain::history::{self, Described, HistoryFilter, HistoryQuery, HistoryScope, KINDS, PAGE_SIZE, history_scope, lineage, pages};
use crate::domain::ids::UnitId;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::{Conn, Db, branches, members, memberships};

/// The reader's scope, and the filtered commune with the units merged into it.
async fn scopes(conn: &mut Conn, actor: &Actor, commune: Option<UnitId>) -> Result<(HistoryScope, Vec<UnitId>), AppError> {
    let events = crate::store::history::lineage_events(conn).await?;
    let scope = history_scope(actor, |c| lineage(&events, c));
    Ok((scope, commune.map(|c| lineage(&events, c)).unwrap_or_default()))
}

/// What a subject filter limits the page to, with its page's address; refused when the reader
/// may not read the subject (its name would tell them something).
async fn subject(conn: &mut Conn, actor: &Actor, f: &HistoryFilter) -> Result<Option<(String, String)>, AppError> {
    if let Some(id) = f.member {
        let m = members::get(conn, id).await?.ok_or_else(|| AppError::NotFound("đảng viên".into()))?;
        let official = memberships::current_official(conn, id).await?.map(|s| s.branch_id);
        if !actor.can_read_member(m.commune_id, official) {
            return Err(AppError::Forbidden);
        }
        return Ok(Some((format!("Đảng viên {}", m.full_name.as_str()), format!("/dang-vien/{id}"))));
    }
    if let Some(id) = f.branch {
        let b = branches::get(conn, id).await?.ok_or_else(|| AppError::NotFound("chi bộ".into()))?;
        if !actor.can_read_branch(b.commune_id, b.id) {
            return Err(AppError::Forbidden);
        }
        return Ok(Some((b.name, format!("/chi-bo/{id}"))));
    }
    let (unit, may_read, href) = match (f.commune, f.unit) {
        (Some(c), _) => (c, actor.can_read_commune(c), format!("/xa/{c}")),
        (None, Some(u)) => (u, actor.sees_all(), "/quan-tri/to-chuc".to_string()),
        (None, None) => return Ok(None),
    };
    if !may_read {
        return Err(AppError::Forbidden);
    }
    let names = crate::store::units::names(conn).await?;
    let name = names.get(&unit).map(|(n, _)| n.clone()).ok_or_else(|| AppError::NotFound("đơn vị".into()))?;
    Ok(Some((name, href)))
}

fn line(d: Described) -> ChangeLine {
    ChangeLine {
        when: d.when,
        who: d.who,
        device: d.device,
        action: d.action.into(),
        subject: d.subject,
        changes: d.changes.iter().map(history::FieldChange::sentence).collect(),
    }
}

/// The rows of a page (at most `limit`; `None`: every page), described.
async fn described(
    conn: &mut Conn,
    scope: &HistoryScope,
    f: &HistoryFilter,
    lineage: &[UnitId],
    limit: Option<u32>,
) -> Result<(Vec<ChangeLine>, u64), AppError> {
    let (entries, total) = crate::store::history::page(conn, scope, f, lineage, limit).await?;
    let mut ids: Vec<String> = entries.iter().flat_map(history::referenced_ids).collect();
    ids.sort();
    ids.dedup();
    let names = crate::store::history::names(conn, &ids).await?;
    Ok((entries.iter().map(|e| line(history::describe(e, &names))).collect(), total))
}

/// The history page. Filters the reader got wrong come back in words, with no rows.
pub async fn load(db: &Db, actor: &Actor, query: HistoryQuery) -> Result<HistoryView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let parsed = HistoryFilter::parse(&query);
    let filter = parsed.clone().unwrap_or_default();
    let subject = subject(&mut conn, actor, &filter).await?;
    let (scope, commune_lineage) = scopes(&mut conn, actor, filter.commune).await?;
    let users = crate::store::history::authors(&mut conn, &scope).await?;
    let kinds = KINDS.iter().map(|(code, label)| Choice { value: (*code).into(), label: (*label).into() }).collect();
    let users = users.into_iter().map(|(value, label)| Choice { value, label }).collect();
    let csv = format!("/api/history.csv?{}", query.with_page(1).to_query());
    let (lines, total, error) = match parsed {
        Ok(f) => {
            let (lines, total) = described(&mut conn, &scope, &f, &commune_lineage, Some(PAGE_SIZE)).await?;
            (lines, total, None)
        }
        Err(e) => (Vec::new(), 0, Some(e.to_string())),
    };
    let (page, pages) = (filter.page.max(1), pages(total));
    let link = |p: u32| format!("/lich-su?{}", query.with_page(p).to_query());
    Ok(HistoryView {
        subject,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        query,
        error,
        users,
        kinds,
        lines,
        total,
        page,
        pages,
        csv,
    })
}

/// Every change the filters give, for the export (refused filters are an error).
pub async fn export(db: &Db, actor: &Actor, query: &HistoryQuery) -> Result<Vec<ChangeLine>, AppError> {
    let f = HistoryFilter::parse(query).map_err(|e| AppError::Invalid(e.to_string()))?;
    let mut conn = db.pool.acquire().await?;
    subject(&mut conn, actor, &f).await?;
    let (scope, commune_lineage) = scopes(&mut conn, actor, f.commune).await?;
    Ok(described(&mut conn, &scope, &f, &commune_lineage, None).await?.0)
}

/// The latest changes of a subject (the page showing it has checked that the reader may read it;
/// the reader's scope still applies), for the panel of its page.
pub async fn recent(conn: &mut Conn, actor: &Actor, query: HistoryQuery) -> Result<RecentChanges, AppError> {
    const SHOWN: u32 = 5;
    let f = HistoryFilter::parse(&query).map_err(|e| AppError::Invalid(e.to_string()))?;
    let (scope, commune_lineage) = scopes(conn, actor, f.commune).await?;
    let (lines, total) = described(conn, &scope, &f, &commune_lineage, Some(SHOWN)).await?;
    Ok(RecentChanges { lines, total, href: format!("/lich-su?{}", query.to_query()) })
}
