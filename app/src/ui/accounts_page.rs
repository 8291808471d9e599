use leptos::prelude::*;
use leptos_meta::Title;

use super::hydration::before_hydration;
use super::page_data::page_data;
use super::setup_fields::options;
use crate::api::accounts::{AccountForm, OneTimePassword, create_account, get_accounts, reset_account_password, set_account_enabled};
use crate::api::views::{AccountLine, AccountsView, Choice};
use crate::domain::account::ScopeKind;
use crate::domain::scope::Role;
use crate::error::AppError;

/// What the page says after an action: an error, a plain notice, or a one-time password to hand
/// over (shown once).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Said {
    Error(String),
    Done(String),
    Password(OneTimePassword),
}

fn said_view(said: RwSignal<Option<Said>>) -> impl IntoView {
    move || {
        said.get().map(|s| match s {
            Said::Error(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
            Said::Done(text) => view! { <p class="board-notice" role="status">{text}</p> }.into_any(),
            Said::Password(p) => view! {
                <div class="one-time" role="status">
                    <p>{format!("Mật khẩu dùng một lần của tài khoản «{}»:", p.username)}</p>
                    <p class="one-time-password"><code>{p.password}</code></p>
                    <p class="muted">
                        "Hãy trao mật khẩu này cho người dùng; nó chỉ hiện một lần. "
                        "Người dùng sẽ phải đổi mật khẩu ngay khi đăng nhập lần đầu."
                    </p>
                </div>
            }
            .into_any(),
        })
    }
}

/// The form that creates an account: the scope asked for follows the role.
fn create_form(v: &AccountsView, said: RwSignal<Option<Said>>, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    // Opened from a branch's page (`?chi-bo=…`): an account for its secretary.
    let named = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("chi-bo"));
    let start = match named.filter(|b| v.branches.iter().any(|c| c.value == *b)) {
        Some(branch_id) => AccountForm { role: Role::BranchSecretary.code().into(), branch_id, ..AccountForm::default() },
        None => AccountForm::default(),
    };
    let form = RwSignal::new(start);
    let sending = RwSignal::new(false);
    let (communes, branches) = (v.communes.clone(), v.branches.clone());
    let roles: Vec<Choice> = v.roles.iter().map(|(c, _)| c.clone()).collect();
    let kinds = v.roles.clone();
    let asks = move || form.with(|f| kinds.iter().find(|(c, _)| c.value == f.role).map(|(_, k)| *k));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let input = form.get_untracked();
        leptos::task::spawn_local(async move {
            let reply = create_account(input).await;
            sending.set(false);
            match reply {
                Ok(p) => {
                    // What was typed stays until the account exists.
                    form.set(AccountForm::default());
                    said.set(Some(Said::Password(p)));
                    reload();
                }
                Err(e) => said.set(Some(Said::Error(e.to_string()))),
            }
        });
    };
    let role = move || form.with(|f| f.role.clone());
    let asks_commune = {
        let asks = asks.clone();
        move || asks() == Some(ScopeKind::Commune)
    };
    let asks_branch = move || asks() == Some(ScopeKind::Branch);
    view! {
        <form class="panel account-form" aria-label="Tạo tài khoản" novalidate on:submit=submit>
            <h2>"Tạo tài khoản"</h2>
            <label>"Tên đăng nhập"
                <input type="text" autocomplete="off" autocapitalize="none" spellcheck="false" required
                    prop:value=move || form.with(|f| f.username.clone())
                    on:input=move |ev| form.update(|f| f.username = event_target_value(&ev))/>
            </label>
            <label>"Họ tên hoặc tên gọi"
                <input type="text" required
                    prop:value=move || form.with(|f| f.display_name.clone())
                    on:input=move |ev| form.update(|f| f.display_name = event_target_value(&ev))/>
            </label>
            // Labels name their select by id: a label around a select would add the chosen
            // option to the select's accessible name.
            <label for="tk-vai-tro">"Vai trò"</label>
            <select id="tk-vai-tro" required prop:value=role on:change=move |ev| form.update(|f| f.role = event_target_value(&ev))>
                {options(roles, "— Chọn vai trò —")}
            </select>
            {move || asks_commune().then(|| view! {
                <label for="tk-xa">"Xã, phường, thị trấn"</label>
                <select id="tk-xa" required prop:value=move || form.with(|f| f.commune_id.clone())
                    on:change=move |ev| form.update(|f| f.commune_id = event_target_value(&ev))>
                    {options(communes.clone(), "— Chọn xã, phường, thị trấn —")}
                </select>
            })}
            {move || asks_branch().then(|| view! {
                <label for="tk-chi-bo">"Chi bộ"</label>
                <select id="tk-chi-bo" required prop:value=move || form.with(|f| f.branch_id.clone())
                    on:change=move |ev| form.update(|f| f.branch_id = event_target_value(&ev))>
                    {options(branches.clone(), "— Chọn chi bộ —")}
                </select>
            })}
            <button type="submit" class="primary" disabled={ let waiting = before_hydration(); move || waiting() || sending.get() }>"Tạo tài khoản"</button>
        </form>
    }
}

fn account_row(a: AccountLine, said: RwSignal<Option<Said>>, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let (id, username) = (a.id.clone(), a.username.clone());
    let toggle = {
        let (id, username, enable) = (id.clone(), username.clone(), a.disabled);
        move |_| {
            let (id, username) = (id.clone(), username.clone());
            leptos::task::spawn_local(async move {
                match set_account_enabled(id, enable).await {
                    Ok(()) => {
                        let text = if enable { "Đã mở khóa" } else { "Đã khóa" };
                        said.set(Some(Said::Done(format!("{text} tài khoản «{username}»."))));
                        reload();
                    }
                    Err(e) => said.set(Some(Said::Error(e.to_string()))),
                }
            });
        }
    };
    let reset = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match reset_account_password(id).await {
                Ok(p) => {
                    said.set(Some(Said::Password(p)));
                    reload();
                }
                Err(e) => said.set(Some(Said::Error(e.to_string()))),
            }
        });
    };
    let status = match (a.disabled, a.one_time) {
        (true, _) => "Đã khóa",
        (false, true) => "Chưa đổi mật khẩu dùng một lần",
        (false, false) => "Đang dùng",
    };
    view! {
        <tr class:account-disabled=a.disabled>
            <th scope="row">{a.username.clone()}</th>
            <td data-label="Họ tên">{a.display_name}</td>
            <td data-label="Vai trò">{a.role}</td>
            <td data-label="Nơi làm việc">
                {a.scope}
                {a.scope_ended.then(|| view! { <span class="badge badge-warn">"Đơn vị đã kết thúc"</span> })}
            </td>
            <td data-label="Đăng nhập lần cuối">{a.last_sign_in}</td>
            <td data-label="Trạng thái">{status}</td>
            <td data-label="Thao tác"><div class="account-actions">
                {(!a.is_me).then(|| view! {
                    <button type="button" class="small" on:click=toggle
                        aria-label=format!("{} tài khoản {}", if a.disabled { "Mở khóa" } else { "Khóa" }, username)>
                        {if a.disabled { "Mở khóa" } else { "Khóa" }}
                    </button>
                    <button type="button" class="small secondary" on:click=reset
                        aria-label=format!("Cấp lại mật khẩu cho {}", username)>"Cấp lại mật khẩu"</button>
                })}
                {a.is_me.then(|| view! { <span class="muted">"Tài khoản của bạn"</span> })}
            </div></td>
        </tr>
    }
}

/// `/quan-tri/tai-khoan`: the administrator creates accounts, hands out one-time passwords,
/// disables and enables accounts.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_accounts());
    let said = RwSignal::new(None::<Said>);
    let reload = move || data.refetch();
    provide_context(AccountsContext { said, reload: Callback::new(move |()| reload()) });
    view! {
        <Title text="Tài khoản"/>
        <h1>"Tài khoản"</h1>
        <p class="lead">"Tạo tài khoản cho văn phòng Đảng ủy, bí thư chi bộ và ban tổ chức; khóa, mở khóa và cấp lại mật khẩu."</p>
        {said_view(said)}
        {page_data(data, "Đang tải danh sách tài khoản…", accounts)}
    }
}

/// What the page's parts share: the message, and a way to fetch the list again.
#[derive(Clone, Copy)]
struct AccountsContext {
    said: RwSignal<Option<Said>>,
    reload: Callback<()>,
}

fn accounts(v: AccountsView) -> impl IntoView {
    let Some(AccountsContext { said, reload }) = use_context::<AccountsContext>() else {
        return view! { <p class="form-error" role="alert">{AppError::Internal.to_string()}</p> }.into_any();
    };
    let reload = move || reload.run(());
    let count = v.accounts.len();
    view! {
        {create_form(&v, said, reload)}
        <section class="panel">
            <h2>{format!("Danh sách tài khoản ({count})")}</h2>
            <table class="figures accounts">
                <thead>
                    <tr>
                        <th scope="col">"Tên đăng nhập"</th>
                        <th scope="col">"Họ tên"</th>
                        <th scope="col">"Vai trò"</th>
                        <th scope="col">"Nơi làm việc"</th>
                        <th scope="col">"Đăng nhập lần cuối"</th>
                        <th scope="col">"Trạng thái"</th>
                        <th scope="col">"Thao tác"</th>
                    </tr>
                </thead>
                <tbody>{v.accounts.into_iter().map(|a| account_row(a, said, reload)).collect_view()}</tbody>
            </table>
        </section>
    }
    .into_any()
}
