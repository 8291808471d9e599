use leptos::prelude::*;
use leptos_meta::Title;

use super::figure_tiles::FigureTiles;
use super::page_data::{fresh_figures, live_page_data};
use super::ratings_chart::RatingsChart;
use crate::api::pages::get_overview;
use crate::api::views::OverviewView;
use crate::client::live::Live;
use crate::client::use_sync;
use crate::domain::report::{CommuneFigures, two_digits};

fn row(f: CommuneFigures, total: bool) -> impl IntoView {
    let name = match (total, f.commune_id) {
        (false, Some(id)) => view! { <a href=format!("/xa/{id}")>{f.commune_name.clone()}</a> }.into_any(),
        _ => view! { <span>{f.commune_name.clone()}</span> }.into_any(),
    };
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td data-label="Chi bộ cơ quan đã giải thể">{format!("{}/{}", two_digits(f.agency_dissolved), two_digits(f.agency_branches))}</td>
            <td data-label="Đảng viên đã chuyển">{f.members_moved}</td>
            <td data-label="Chi bộ ấp, khóm">{f.residential_branches}</td>
            <td data-label="Chưa được phân công nhiệm vụ">{format!("{} ({} lãnh đạo)", f.moved_without_task, f.leaders_without_task)}</td>
            <td data-label="Tỷ lệ dự sinh hoạt">{f.attendance_percent().map_or_else(|| "—".to_string(), |p| format!("{p}%"))}</td>
            <td data-label="Ít tham gia sinh hoạt">{f.low_attendance}</td>
            <td data-label="Chưa đóng góp xây dựng nghị quyết">{f.never_contributing}</td>
            <td data-label="Chờ chuyển">{f.pending}</td>
        </tr>
    }
}

fn overview(v: OverviewView, year: RwSignal<Option<i32>>) -> impl IntoView {
    let total = v.total.clone();
    let chart_rows = v.rows.clone();
    view! {
        <h1>{format!("Tổng quan toàn {}", v.whole)}</h1>
        <p><a class="button-link" href="/bao-cao">"Xem báo cáo"</a></p>
        <FigureTiles figures=v.total.clone()/>
        <section class="panel">
            <h2 id="bang-xa">"Theo xã, thị trấn"</h2>
            <table class="figures" aria-labelledby="bang-xa">
                <thead>
                    <tr>
                        <th scope="col">"Xã, thị trấn"</th>
                        <th scope="col">"Chi bộ cơ quan đã giải thể"</th>
                        <th scope="col">"Đảng viên đã chuyển"</th>
                        <th scope="col">"Chi bộ ấp, khóm"</th>
                        <th scope="col">"Chưa được phân công nhiệm vụ"</th>
                        <th scope="col">"Tỷ lệ dự sinh hoạt"</th>
                        <th scope="col">"Ít tham gia sinh hoạt"</th>
                        <th scope="col">"Chưa đóng góp xây dựng nghị quyết"</th>
                        <th scope="col">"Chờ chuyển"</th>
                    </tr>
                </thead>
                <tbody>{v.rows.into_iter().map(|f| row(f, false)).collect_view()}</tbody>
                <tfoot>{row(total.clone(), true)}</tfoot>
            </table>
        </section>
        <section class="panel">
            <h2 id="xep-loai-xa">"Xếp loại đảng viên đã chuyển"</h2>
            <RatingsChart rows=chart_rows total=total years=v.years chosen=year/>
        </section>
        <section class="panel">
            <h2>"Các đợt chuyển sinh hoạt"</h2>
            <ul class="campaigns">
                {v.campaigns.into_iter().map(|c| view! {
                    <li>
                        <strong>{c.code}</strong>" — "{c.title}
                        <span class="muted">{format!(" ({}, {})", c.issuer, c.basis_date)}</span>
                        <span class=if c.open { "badge badge-open" } else { "badge" }>{if c.open { "Đang thực hiện" } else { "Đã hoàn thành" }}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/tong-quan`: the district's view of every commune.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_overview());
    // Every commit in the district pokes the device with the communes' fresh figures: the page
    // puts them in place at once.
    let fresh = fresh_figures();
    let live = use_sync().live;
    let year = RwSignal::new(None);
    view! {
        <Title text="Tổng quan"/>
        <p class="live-state" aria-live="polite">
            {move || match live.get() {
                Live::Connected => "Số liệu được cập nhật trực tiếp.",
                Live::Connecting => "",
                Live::Retrying => "Mất kết nối cập nhật trực tiếp; đang thử lại…",
            }}
        </p>
        {live_page_data(data, "Đang tải số liệu…", fresh, OverviewView::with_figures, move |v| overview(v, year))}
    }
}
