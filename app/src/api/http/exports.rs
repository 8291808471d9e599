//! `GET /api/report.csv` and `GET /api/report.xlsx`: the report's tables as files;
//! `GET /api/members/template.xlsx`: the member list template the offices fill in;
//! `GET /api/members.xlsx`: a commune's register; `GET /api/history.csv`: the change history.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::api::session::CurrentUser;
use crate::api::state::AppState;
use crate::domain::report::{TITLE, Table};
use crate::domain::scope::Actor;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/report.csv", get(report_csv))
        .route("/api/report.xlsx", get(report_xlsx))
        .route("/api/members/template.xlsx", get(member_template))
        .route("/api/members.xlsx", get(member_register))
        .route("/api/history.csv", get(history_csv))
}

#[derive(Deserialize)]
struct ReportParams {
    /// The year of the ratings table (the newest rated year by default).
    nam: Option<i32>,
    /// The day whose communes the rows are (dd/mm/yyyy; today's by default).
    ngay: Option<String>,
}

/// The report's tables (the district board's and administrators', as the report page).
async fn report_tables(state: &AppState, actor: &Actor, p: &ReportParams) -> Result<Vec<Table>, AppError> {
    Ok(crate::api::pages::report::load(&state.db, actor, p.nam, p.ngay.as_deref()).await?.tables)
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, v);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /api/report.csv?nam=YYYY&ngay=dd/mm/yyyy`.
async fn report_csv(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(p): Query<ReportParams>,
) -> Result<Response, AppError> {
    let tables = report_tables(&state, &actor, &p).await?;
    Ok(download(crate::export::csv(TITLE, &tables), "text/csv; charset=utf-8", "bao-cao-chuyen-sinh-hoat.csv"))
}

/// `GET /api/report.xlsx?nam=YYYY&ngay=dd/mm/yyyy`.
async fn report_xlsx(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(p): Query<ReportParams>,
) -> Result<Response, AppError> {
    let tables = report_tables(&state, &actor, &p).await?;
    Ok(download(
        crate::export::xlsx(&tables),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "bao-cao-chuyen-sinh-hoat.xlsx",
    ))
}

/// `GET /api/members/template.xlsx`: the headers BranchBoard recognises, and how to fill them in
/// (any signed-in user: it holds no data).
async fn member_template(CurrentUser(_): CurrentUser) -> Response {
    download(
        crate::import_file::template(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-danh-sach-dang-vien.xlsx",
    )
}

#[derive(Deserialize)]
struct RegisterParams {
    /// The commune.
    xa: String,
}

/// `GET /api/members.xlsx?xa=ID`: a commune's register in the template's columns (it imports
/// back as the same records).
async fn member_register(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(p): Query<RegisterParams>,
) -> Result<Response, AppError> {
    let (_, rows) = crate::api::pages::register::load(&state.db, &actor, &p.xa).await?;
    Ok(download(
        crate::import_file::register(&rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "danh-sach-dang-vien.xlsx",
    ))
}

/// `GET /api/history.csv?…`: every change the history page's filters give, within the reader's
/// scope, newest first.
async fn history_csv(
    State(state): State<AppState>,
    CurrentUser(actor): CurrentUser,
    Query(q): Query<crate::domain::history::HistoryQuery>,
) -> Result<Response, AppError> {
    let lines = crate::api::pages::history::export(&state.db, &actor, &q).await?;
    let headers = ["Thời điểm", "Người thay đổi", "Thiết bị", "Việc làm", "Đối tượng", "Nội dung thay đổi"];
    let table = Table {
        title: "Lịch sử thay đổi".into(),
        headers: headers.iter().map(|h| (*h).to_string()).collect(),
        rows: lines.into_iter().map(|l| vec![l.when, l.who, l.device, l.action, l.subject, l.changes.join("; ")]).collect(),
    };
    Ok(download(crate::export::csv("Lịch sử thay đổi — BranchBoard", &[table]), "text/csv; charset=utf-8", "lich-su-thay-doi.csv"))
}
