use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::setup_fields::options;
use crate::api::pages::preview_import;
use crate::api::sync::push_mutations;
use crate::api::views::{ImportLine, ImportPreview, ImportRequest};
use crate::client::now_millis;
use crate::sync::{Mutation, Outcome, PushRequest};

/// What the page holds between checks: the file as read, the user's choices, the last check.
#[derive(Clone, Copy)]
struct Import {
    commune: Memo<String>,
    file: RwSignal<Option<String>>,
    mapping: RwSignal<Vec<(usize, String)>>,
    hamlets: RwSignal<Vec<(usize, String)>>,
    checked: RwSignal<Option<Result<ImportPreview, String>>>,
    said: RwSignal<Option<(bool, String)>>,
    sending: RwSignal<bool>,
}

impl Import {
    /// Checks the file with the current choices (nothing is written).
    fn check(self) {
        let Some(data_url) = self.file.get_untracked() else { return };
        let request = ImportRequest { data_url, mapping: self.mapping.get_untracked(), hamlets: self.hamlets.get_untracked() };
        let Ok(request) = serde_json::to_string(&request) else { return };
        let commune = self.commune.get_untracked();
        leptos::task::spawn_local(async move {
            let reply = preview_import(commune, request).await.map_err(|e| e.to_string());
            self.checked.set(Some(reply));
        });
    }

    /// Sends the planned changes, numbered under a fresh device id; then checks again.
    fn confirm(self) {
        let Some(Ok(preview)) = self.checked.get_untracked() else { return };
        let now = now_millis();
        let mutations: Vec<Mutation> = preview
            .lines
            .iter()
            .filter_map(|l| l.change.as_ref())
            .enumerate()
            .map(|(i, c)| Mutation {
                id: uuid::Uuid::now_v7(),
                client_seq: i as i64 + 1,
                name: c.name.clone(),
                args: c.args.clone(),
                base_version: c.base,
                created_at: now,
            })
            .collect();
        if mutations.is_empty() {
            return;
        }
        self.sending.set(true);
        leptos::task::spawn_local(async move {
            let reply = push_mutations(PushRequest { client_id: uuid::Uuid::now_v7(), mutations }).await;
            self.sending.set(false);
            match reply {
                Ok(r) => {
                    let refused: Vec<String> = r
                        .results
                        .iter()
                        .filter_map(|m| match &m.outcome {
                            Outcome::Rejected { message, .. } => Some(message.clone()),
                            _ => None,
                        })
                        .collect();
                    let done = r.results.len() - refused.len();
                    let text = if refused.is_empty() {
                        format!("Đã nhập {done} dòng vào danh sách.")
                    } else {
                        format!("Đã nhập {done} dòng; {} dòng bị từ chối: {}", refused.len(), refused.join(" "))
                    };
                    self.said.set(Some((!refused.is_empty(), text)));
                    self.check();
                }
                Err(e) => self.said.set(Some((true, e.to_string()))),
            }
        });
    }
}

/// Reads the chosen file as a data URL, in the browser.
#[cfg(feature = "hydrate")]
fn read_file(ev: &leptos::ev::Event, done: impl FnOnce(String) + 'static) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let read = reader.clone();
    let loaded = Closure::once_into_js(move || {
        if let Some(url) = read.result().ok().and_then(|v| v.as_string()) {
            done(url);
        }
    });
    reader.set_onload(Some(loaded.unchecked_ref()));
    let _ = reader.read_as_data_url(&file);
}

#[cfg(not(feature = "hydrate"))]
fn read_file(_: &leptos::ev::Event, _: impl FnOnce(String) + 'static) {}

/// `/xa/:id/nhap-dang-vien`: the office brings in the member list it keeps in Excel (or CSV):
/// every row checked against the register, the columns and hamlets it could not tell chosen by the
/// user, and nothing written until "Xác nhận".
#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let page = Import {
        commune: Memo::new(move |_| params.read().get("id").unwrap_or_default()),
        file: RwSignal::new(None),
        mapping: RwSignal::new(Vec::new()),
        hamlets: RwSignal::new(Vec::new()),
        checked: RwSignal::new(None),
        said: RwSignal::new(None),
        sending: RwSignal::new(false),
    };
    let chosen = move |ev: leptos::ev::Event| {
        page.said.set(None);
        read_file(&ev, move |url| {
            page.mapping.set(Vec::new());
            page.hamlets.set(Vec::new());
            page.file.set(Some(url));
            page.check();
        });
    };
    view! {
        <Title text="Nhập danh sách đảng viên"/>
        <p class="crumbs"><a href=move || format!("/xa/{}/dang-vien", page.commune.get())>"Danh sách đảng viên"</a></p>
        <h1>"Nhập danh sách đảng viên"</h1>
        <p class="lead">"Chọn tệp Excel (hoặc CSV) đang dùng; không cần sửa theo mẫu. Chưa có gì được ghi cho đến khi bấm «Xác nhận»."</p>
        <section class="panel account-form">
            <label for="nhap-tep">"Tệp danh sách (Excel hoặc CSV)"</label>
            <input id="nhap-tep" type="file" accept=".xlsx,.xls,.ods,.csv" on:change=chosen/>
        </section>
        {move || page.said.get().map(|(error, text)| view! {
            <p class=if error { "form-error" } else { "board-notice" } role=if error { "alert" } else { "status" }>{text}</p>
        })}
        {move || page.checked.get().map(|c| match c {
            Ok(p) => preview(p, page).into_any(),
            Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
        })}
    }
}

fn preview(p: ImportPreview, page: Import) -> impl IntoView {
    let count = |f: fn(&ImportLine) -> bool| p.lines.iter().filter(|l| f(l)).count();
    let (new, updated) = (count(|l| l.change.is_some() && !l.updates), count(|l| l.change.is_some() && l.updates));
    let (same, wrong) = (count(|l| l.unchanged), count(|l| !l.errors.is_empty()));
    let sending = page.sending;
    view! {
        <section class="panel">
            <h2>"Các cột"</h2>
            {(!p.missing.is_empty()).then(|| view! {
                <p class="form-error" role="alert">{format!("Chưa tìm thấy cột: {}. Hãy chọn cột tương ứng bên dưới.", p.missing.join(", "))}</p>
            })}
            <div class="import-columns">
                {p.headers.iter().enumerate().map(|(i, h)| {
                    let id = format!("cot-{i}");
                    let current = p.columns.get(i).cloned().unwrap_or_default();
                    view! {
                        <label for=id.clone()>{format!("Cột «{h}»")}</label>
                        <select id=id prop:value=current on:change=move |ev| {
                            let value = event_target_value(&ev);
                            page.mapping.update(|m| {
                                m.retain(|(c, _)| *c != i);
                                m.push((i, value));
                            });
                            page.check();
                        }>{options(p.column_choices.clone(), "— Không dùng —")}</select>
                    }
                }).collect_view()}
            </div>
        </section>
        <section class="panel">
            <h2>"Các dòng"</h2>
            <p role="status">{format!("{new} thêm mới, {updated} cập nhật, {same} không đổi, {wrong} có lỗi (không gửi).")}</p>
            <table class="history" aria-label="Các dòng của tệp">
                <thead><tr><th scope="col">"Dòng"</th><th scope="col">"Họ và tên"</th><th scope="col">"Kết quả"</th></tr></thead>
                <tbody>{p.lines.into_iter().map(|l| line(l, page)).collect_view()}</tbody>
            </table>
            <button type="button" class="primary" disabled=move || sending.get() || new + updated == 0 on:click=move |_| page.confirm()>
                {format!("Xác nhận nhập ({} thay đổi)", new + updated)}
            </button>
        </section>
    }
}

fn line(l: ImportLine, page: Import) -> impl IntoView {
    let state = match (&l.change, l.unchanged, l.updates) {
        (Some(_), _, false) => "Thêm mới".to_string(),
        (Some(_), _, true) => "Cập nhật".to_string(),
        (None, true, _) => "Không đổi".to_string(),
        (None, false, _) => l.errors.join(" "),
    };
    let row = l.line;
    let choose = (!l.hamlet_choices.is_empty()).then(|| {
        let id = format!("ap-{row}");
        view! {
            <label for=id.clone()>{format!("Ấp, khóm của dòng {row}")}</label>
            <select id=id on:change=move |ev| {
                let value = event_target_value(&ev);
                page.hamlets.update(|h| {
                    h.retain(|(r, _)| *r != row);
                    h.push((row, value));
                });
                page.check();
            }>{options(l.hamlet_choices.clone(), "— Chọn ấp, khóm —")}</select>
        }
    });
    view! {
        <tr class:import-error=!l.errors.is_empty()>
            <th scope="row">{row.to_string()}</th>
            <td data-label="Họ và tên">{l.name}</td>
            <td data-label="Kết quả">{state}{choose}</td>
        </tr>
    }
}
