use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::page_data::page_data;
use crate::api::pages::get_history;
use crate::api::views::{ChangeLine, Choice, HistoryView, RecentChanges};
use crate::domain::history::HistoryQuery;

/// `/lich-su`: every change the reader may see — who, when, from which device, the change in
/// words — filtered by days, author and kind, a page at a time, and as CSV.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        params.with(|p| {
            let get = |k: &str| p.get(k).unwrap_or_default();
            HistoryQuery {
                tu: get("tu"),
                den: get("den"),
                nguoi: get("nguoi"),
                loai: get("loai"),
                xa: get("xa"),
                don_vi: get("don-vi"),
                chi_bo: get("chi-bo"),
                dang_vien: get("dang-vien"),
                trang: get("trang"),
            }
        })
    };
    let data = Resource::new_blocking(query, get_history);
    view! { {page_data(data, "Đang tải lịch sử thay đổi…", history)} }
}

fn select(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    all: &'static str,
    choices: Vec<Choice>,
    chosen: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="" selected=chosen.is_empty()>{all}</option>
                {choices.into_iter().map(|c| {
                    let selected = c.value == chosen;
                    view! { <option value=c.value selected=selected>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn day(id: &'static str, name: &'static str, label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=name type="text" inputmode="numeric" placeholder="dd/mm/yyyy" value=value autocomplete="off"/>
        </div>
    }
}

fn history(v: HistoryView) -> impl IntoView {
    let title = match &v.subject {
        Some((name, _)) => format!("Lịch sử thay đổi — {name}"),
        None => "Lịch sử thay đổi".to_string(),
    };
    let q = v.query.clone();
    let hidden = [("xa", q.xa.clone()), ("don-vi", q.don_vi.clone()), ("chi-bo", q.chi_bo.clone()), ("dang-vien", q.dang_vien.clone())];
    let count = if v.total == 0 {
        "Không có thay đổi nào.".to_string()
    } else {
        format!("{} thay đổi — trang {}/{}", v.total, v.page, v.pages)
    };
    view! {
        <Title text=title.clone()/>
        {v.subject.clone().map(|(name, href)| view! { <p class="crumbs"><a href=href>{name}</a></p> })}
        <h1>{title}</h1>
        <form class="panel history-filters" method="get" action="/lich-su" aria-label="Lọc lịch sử thay đổi">
            {hidden.into_iter().filter(|(_, v)| !v.is_empty()).map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            {day("ls-tu", "tu", "Từ ngày", q.tu.clone())}
            {day("ls-den", "den", "Đến ngày", q.den.clone())}
            {select("ls-nguoi", "nguoi", "Người thay đổi", "Tất cả", v.users, q.nguoi.clone())}
            {select("ls-loai", "loai", "Loại thay đổi", "Tất cả", v.kinds, q.loai.clone())}
            <div class="actions">
                <button class="primary" type="submit">"Lọc"</button>
                <a class="button-link" href=v.csv download="lich-su-thay-doi.csv">"Tải về (CSV)"</a>
            </div>
        </form>
        {v.error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <section class="panel">
            <p class="muted" aria-live="polite">{count}</p>
            {changes_table(v.lines, "Các thay đổi")}
            <nav class="pager" aria-label="Trang">
                {v.previous.map(|href| view! { <a href=href rel="prev">"‹ Trang trước"</a> })}
                {v.next.map(|href| view! { <a href=href rel="next">"Trang sau ›"</a> })}
            </nav>
        </section>
    }
}

/// A table of changes: when, who and from which device, what was done to what, and each field
/// before → after. On a phone each cell shows its column's name.
fn changes_table(lines: Vec<ChangeLine>, label: &'static str) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        view! {
            <table class="history changes" aria-label=label>
                <thead><tr>
                    <th scope="col">"Thời điểm"</th><th scope="col">"Người thay đổi"</th>
                    <th scope="col">"Việc làm"</th><th scope="col">"Nội dung"</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td data-label="Thời điểm">{l.when}</td>
                            <td data-label="Người thay đổi">{l.who}<br/><span class="muted">{l.device}</span></td>
                            <td data-label="Việc làm">{l.action}<br/><span class="muted">{l.subject}</span></td>
                            <td data-label="Nội dung">
                                <ul class="changes-list">{l.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

/// The "Lịch sử thay đổi" panel of a member, branch or commune page: the latest changes and a
/// link to all of them.
#[component]
pub fn RecentChangesPanel(recent: RecentChanges) -> impl IntoView {
    let more = (recent.total > 0).then(|| format!("Xem toàn bộ {} thay đổi", recent.total));
    view! {
        <section class="panel">
            <h2>"Lịch sử thay đổi"</h2>
            {if recent.lines.is_empty() { Some(view! { <p class="muted">"Chưa có thay đổi nào được ghi lại."</p> }) } else { None }}
            {changes_table(recent.lines, "Thay đổi gần đây")}
            {more.map(|text| view! { <p><a href=recent.href>{text}</a></p> })}
        </section>
    }
}
