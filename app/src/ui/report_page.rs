use leptos::prelude::*;
use leptos_meta::Title;

use super::page_data::{fresh_figures, live_page_data};
use crate::api::pages::get_report;
use crate::api::views::ReportView;
use crate::domain::report::{TITLE, Table};

fn table(t: Table, index: usize) -> impl IntoView {
    let id = format!("bang-{index}");
    let last = t.rows.len().saturating_sub(1);
    let headers = t.headers.clone();
    view! {
        <section class="report-table">
            <h2 id=id.clone()>{format!("Bảng {}. {}", index + 1, t.title)}</h2>
            <table class="figures" aria-labelledby=id>
                <thead><tr>{t.headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {t.rows.into_iter().enumerate().map(|(i, row)| {
                        let mut cells = row.into_iter().zip(headers.clone());
                        let first = cells.next().map(|(c, _)| c).unwrap_or_default();
                        view! {
                            <tr class:total=i == last>
                                <th scope="row">{first}</th>
                                {cells.map(|(c, h)| view! { <td data-label=h>{c}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn report(v: ReportView, year: RwSignal<Option<i32>>, as_of: RwSignal<Option<String>>) -> impl IntoView {
    let params: Vec<String> =
        [v.year.map(|y| format!("nam={y}")), v.as_of.as_ref().map(|d| format!("ngay={d}"))].into_iter().flatten().collect();
    let query = if params.is_empty() { String::new() } else { format!("?{}", params.join("&")) };
    let shown = v.year;
    let typed = RwSignal::new(v.as_of.clone().unwrap_or_default());
    let wrong = RwSignal::new(None::<String>);
    let look = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        match text.trim() {
            "" => as_of.set(None),
            day => match crate::domain::date::Date::parse_vn(day) {
                Ok(d) => {
                    wrong.set(None);
                    as_of.set(Some(d.to_vn()));
                }
                Err(e) => wrong.set(Some(e.to_string())),
            },
        }
    };
    view! {
        // The committee that issues it above the title, as on the paper report.
        <header class="report-head">
            <p class="report-issuer">{crate::domain::report::issuer(&v.whole)}</p>
            <h1>{TITLE}</h1>
        </header>
        {super::setup_fields::day_form("bc-ngay", "Theo các đơn vị của ngày", "dd/mm/yyyy", typed, look)}
        {move || wrong.get().map(|w| view! { <p class="form-error no-print" role="alert">{w}</p> })}
        <div class="report-actions no-print">
            {(!v.years.is_empty()).then(|| view! {
                <label class="year-pick">
                    "Xếp loại năm "
                    <select on:change=move |ev| year.set(event_target_value(&ev).parse().ok())>
                        {v.years.iter().map(|y| view! { <option value=y.to_string() selected=Some(*y) == shown>{y.to_string()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <a class="button-link" href=format!("/api/report.xlsx{query}") download="bao-cao-chuyen-sinh-hoat.xlsx">"Tải về Excel (XLSX)"</a>
            <a class="button-link" href=format!("/api/report.csv{query}") download="bao-cao-chuyen-sinh-hoat.csv">"Tải về CSV"</a>
            <button type="button" class="primary" on:click=|_| { let _ = window().print(); }>"In báo cáo"</button>
        </div>
        <p class="report-date">
            {format!("Số liệu tính đến ngày {}", v.today)}
            {v.as_of.map(|d| format!(", theo các xã, thị trấn của ngày {d}"))}
        </p>
        <p class="report-lead">{v.opening}</p>
        {v.tables.into_iter().enumerate().map(|(i, t)| table(t, i)).collect_view()}
    }
}

/// `/bao-cao`: the report's opening paragraph and tables, written from live data, with exports
/// and a print layout.
#[component]
pub fn ReportPage() -> impl IntoView {
    let year = RwSignal::new(None::<i32>);
    let as_of = RwSignal::new(None::<String>);
    let data = Resource::new_blocking(move || (year.get(), as_of.get()), |(year, as_of)| get_report(year, as_of));
    // The communes' fresh figures, from the live feed, rewrite the report at once.
    let fresh = fresh_figures();
    view! {
        <Title text="Báo cáo kết quả chuyển sinh hoạt đảng"/>
        {live_page_data(data, "Đang tải báo cáo…", fresh, ReportView::with_figures, move |v| report(v, year, as_of))}
    }
}
