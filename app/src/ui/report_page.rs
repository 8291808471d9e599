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

fn report(v: ReportView, year: RwSignal<Option<i32>>) -> impl IntoView {
    let query = v.year.map(|y| format!("?nam={y}")).unwrap_or_default();
    let shown = v.year;
    view! {
        <p class="report-issuer">{crate::domain::report::issuer(&v.whole)}</p>
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
        <p class="report-date">{format!("Số liệu tính đến ngày {}", v.today)}</p>
        <p class="report-lead">{v.opening}</p>
        {v.tables.into_iter().enumerate().map(|(i, t)| table(t, i)).collect_view()}
    }
}

/// `/bao-cao`: the report's opening paragraph and tables, written from live data, with exports
/// and a print layout.
#[component]
pub fn ReportPage() -> impl IntoView {
    let year = RwSignal::new(None::<i32>);
    let data = Resource::new_blocking(move || year.get(), get_report);
    // The communes' fresh figures, from the live feed, rewrite the report at once.
    let fresh = fresh_figures();
    view! {
        <Title text="Báo cáo kết quả chuyển sinh hoạt đảng"/>
        <header class="report-head">
            <h1>{TITLE}</h1>
        </header>
        {live_page_data(data, "Đang tải báo cáo…", fresh, ReportView::with_figures, move |v| report(v, year))}
    }
}
