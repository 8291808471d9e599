use leptos::prelude::*;

use crate::domain::evaluation::Rating;
use crate::domain::report::CommuneFigures;

const WIDTH: f64 = 640.0;
const LABEL: f64 = 140.0;
const ROW: f64 = 28.0;
const BAR: f64 = 18.0;

/// The share of each level in a row, as widths of a 100 % bar (empty when nobody was rated).
fn widths(counts: [usize; 4]) -> Vec<(usize, f64, f64)> {
    let total: usize = counts.iter().sum();
    let mut x = LABEL;
    let mut out = Vec::new();
    if total == 0 {
        return out;
    }
    for (i, n) in counts.iter().enumerate() {
        let w = (WIDTH - LABEL) * *n as f64 / total as f64;
        out.push((i, x, w));
        x += w;
    }
    out
}

/// The ratings of the moved members per commune for a chosen year: a stacked bar chart (SVG),
/// and the same numbers as a table for screen readers and printing.
#[component]
pub fn RatingsChart(
    rows: Vec<CommuneFigures>,
    total: CommuneFigures,
    years: Vec<i32>,
    /// The year the user chose (held by the page, so that a live refresh keeps it); `None`: the newest.
    chosen: RwSignal<Option<i32>>,
) -> impl IntoView {
    let Some(&newest) = years.first() else {
        return view! { <p class="muted">"Chưa có kết quả xếp loại."</p> }.into_any();
    };
    let known = years.clone();
    let year = Signal::derive(move || chosen.get().filter(|y| known.contains(y)).unwrap_or(newest));
    let initial = year.get_untracked();
    let rows = StoredValue::new(rows);
    let total = StoredValue::new(total);
    let height = move || ROW * rows.with_value(Vec::len) as f64 + 8.0;
    let chart = move || {
        let y = year.get();
        rows.with_value(|rows| {
            rows.iter()
                .enumerate()
                .map(|(i, f)| {
                    let r = f.ratings_of(y);
                    let top = 4.0 + ROW * i as f64;
                    let name = f.commune_name.clone();
                    let rated: usize = r.counts.iter().sum();
                    view! {
                        <g>
                            <text x="0" y=top + BAR - 4.0 class="chart-label">{name.clone()}</text>
                            {widths(r.counts).into_iter().filter(|(_, _, w)| *w > 0.0).map(|(level, x, w)| {
                                let tip = format!("{name}: {} — {} đảng viên", Rating::ALL[level].label(), r.counts[level]);
                                view! {
                                    <rect x=x y=top width=w height=BAR class=format!("level-{level}")><title>{tip}</title></rect>
                                }
                            }).collect_view()}
                            {(rated == 0).then(|| view! { <text x=LABEL y=top + BAR - 4.0 class="chart-empty">"chưa xếp loại"</text> })}
                        </g>
                    }
                })
                .collect_view()
        })
    };
    let table = move || {
        let y = year.get();
        let line = |f: &CommuneFigures, total: bool| {
            let r = f.ratings_of(y);
            let name = f.commune_name.clone();
            view! {
                <tr class:total=total>
                    <th scope="row">{name}</th>
                    {r.counts.iter().zip(Rating::ALL).map(|(n, level)| view! { <td data-label=level.label()>{*n}</td> }).collect_view()}
                    <td data-label="Đề nghị khen thưởng">{r.candidates}</td>
                </tr>
            }
        };
        view! {
            <tbody>{rows.with_value(|rows| rows.iter().map(|f| line(f, false)).collect_view())}</tbody>
            <tfoot>{total.with_value(|t| line(t, true))}</tfoot>
        }
    };
    view! {
        <div class="ratings">
            <label class="year-pick">
                "Năm xếp loại "
                <select on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse() { chosen.set(Some(y)) } }>
                    {years.iter().map(|y| view! { <option value=y.to_string() selected=*y == initial>{y.to_string()}</option> }).collect_view()}
                </select>
            </label>
            <ul class="legend" aria-hidden="true">
                {Rating::ALL.iter().enumerate().map(|(i, r)| view! { <li><span class=format!("swatch level-{i}")></span>{r.label()}</li> }).collect_view()}
            </ul>
            <svg class="chart" role="img" viewBox=move || format!("0 0 {WIDTH} {}", height()) aria-labelledby="bieu-do-xl">
                <title id="bieu-do-xl">{move || format!("Biểu đồ tỷ lệ xếp loại đảng viên đã chuyển năm {} theo xã, thị trấn (số liệu ở bảng bên dưới)", year.get())}</title>
                {chart}
            </svg>
            <table class="figures" aria-label=move || format!("Bảng số liệu xếp loại năm {}", year.get())>
                <thead>
                    <tr>
                        <th scope="col">"Xã, thị trấn"</th>
                        {Rating::ALL.iter().map(|r| view! { <th scope="col">{r.label()}</th> }).collect_view()}
                        <th scope="col">"Đề nghị khen thưởng"</th>
                    </tr>
                </thead>
                {table}
            </table>
        </div>
    }
    .into_any()
}
