use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{Link, SyncEngine, use_sync};
use crate::sync::describe::{Described, describe};

/// The rejected changes of the device, described: a piece of the wasm of its own, loaded the
/// first time the device has one (most pages never do).
#[lazy]
fn rejected_changes(engine: SyncEngine) -> Vec<Described> {
    // Names come from the pulled rows; pending changes only touch plan lines.
    engine.with_untracked(|r| r.rejected.iter().map(|x| describe(x, &r.base)).collect()).unwrap_or_default()
}

/// Under the header, on every page: the connection, the changes not sent yet, storage problems,
/// and the "Cần xử lý" list of rejected changes with the two choices.
#[component]
pub fn SyncBar() -> impl IntoView {
    let engine = use_sync();
    let rejected = RwSignal::new(Vec::<Described>::new());
    Effect::new(move |_| {
        if engine.with(|r| r.rejected.is_empty()).unwrap_or(true) {
            if !rejected.with_untracked(Vec::is_empty) {
                rejected.set(Vec::new());
            }
        } else {
            spawn_local(async move { rejected.set(rejected_changes(engine).await) });
        }
    });
    let unsent = move || engine.unsent_count();
    view! {
        <div class="sync-bar">
            {move || match engine.link.get() {
                Link::Online => None,
                Link::Offline => Some(view! {
                    <p class="sync-banner sync-offline" aria-live="polite">
                        <strong>"Đang mất kết nối mạng."</strong>
                        " Bạn vẫn làm việc bình thường: thay đổi được lưu trên máy này và tự gửi khi có mạng trở lại."
                    </p>
                }.into_any()),
                Link::SignedOut => Some(view! {
                    <p class="sync-banner sync-signed-out" role="alert">
                        <strong>"Phiên đăng nhập đã hết hạn."</strong>
                        " Các thay đổi chưa gửi vẫn được giữ trên máy này; "
                        <a href="/dang-nhap">"đăng nhập lại"</a>
                        " để gửi chúng."
                    </p>
                }.into_any()),
            }}
            {move || engine.elsewhere.get().then(|| view! {
                <p class="sync-banner sync-offline" aria-live="polite">
                    <strong>"BranchBoard đang mở ở một thẻ khác."</strong>
                    " Thẻ đó giữ và gửi các thay đổi trên máy này; ở đây bạn chỉ xem. Đóng thẻ kia để làm việc ở đây."
                </p>
            })}
            {move || (unsent() > 0).then(|| view! {
                <p class="sync-outbox" aria-live="polite">
                    <span class="badge badge-unsent">{format!("{} thay đổi chưa gửi", unsent())}</span>
                    {move || engine.sending.get().then_some(" Đang gửi…")}
                </p>
            })}
            {move || engine.warning.get().map(|w| view! { <p class="form-error" role="alert">{w}</p> })}
            {move || engine.notice.get().map(|n| view! { <p class="sync-notice" aria-live="polite">{n}</p> })}
            {move || (!rejected.with(Vec::is_empty)).then(|| view! {
                <section class="needs-attention" aria-labelledby="can-xu-ly">
                    <h2 id="can-xu-ly">{move || format!("Cần xử lý ({})", rejected.with(Vec::len))}</h2>
                    <p class="hint">"Máy chủ không nhận những thay đổi dưới đây. Thay đổi của bạn vẫn được giữ cho đến khi bạn chọn."</p>
                    <ul class="attention-list">
                        {move || rejected.get().into_iter().enumerate().map(|(index, d)| {
                            let conflict = d.theirs.is_some();
                            let label = d.what.clone();
                            view! {
                                <li class="attention-item" aria-label=label>
                                    <p><strong>{d.what}</strong>" — "<span class="attention-reason">{d.reason}</span></p>
                                    <p class="hint">{d.message}</p>
                                    <dl class="attention-values">
                                        <dt>"Thay đổi của bạn"</dt>
                                        <dd>{d.mine}</dd>
                                        {d.theirs.map(|t| view! { <dt>"Trên máy chủ hiện nay"</dt><dd>{t}</dd> })}
                                    </dl>
                                    <div class="attention-actions">
                                        <button type="button" class="primary" on:click=move |_| engine.keep_mine(index)>
                                            {if conflict { "Giữ thay đổi của tôi" } else { "Gửi lại" }}
                                        </button>
                                        <button type="button" class="secondary" on:click=move |_| engine.accept_theirs(index)>
                                            {if conflict { "Nhận giá trị trên máy chủ" } else { "Bỏ thay đổi này" }}
                                        </button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </div>
    }
}
