use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use super::accounts_page::AccountsPage;
use super::board_page::BoardPage;
use super::branch_page::BranchPage;
use super::campaigns_page::CampaignsPage;
use super::commune_page::CommunePage;
use super::header_bar::HeaderBar;
use super::history_page::HistoryPage;
use super::home_page::HomePage;
use super::import_page::ImportPage;
use super::login_page::LoginPage;
use super::member_page::MemberPage;
use super::org_page::OrgPage;
use super::overview_page::OverviewPage;
use super::password_page::PasswordPage;
use super::register_page::RegisterPage;
use super::report_page::ReportPage;
use super::setup_page::SetupPage;
use super::sync_bar::SyncBar;
use crate::client::provide_sync_engine;

/// The application: header and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_sync_engine();
    view! {
        <Title formatter=|page: String| format!("{page} · BranchBoard")/>
        <Router>
            <HeaderBar/>
            <SyncBar/>
            <main id="noi-dung">
                <Routes fallback=|| view! {
                    <section class="notice">
                        <h1>"Không tìm thấy trang"</h1>
                        <p><a href="/">"Về trang chính"</a></p>
                    </section>
                }>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("dang-nhap") view=LoginPage/>
                    <Route path=path!("tong-quan") view=OverviewPage/>
                    <Route path=path!("xa/:id") view=CommunePage/>
                    <Route path=path!("xa/:id/ke-hoach/:campaign") view=BoardPage/>
                    <Route path=path!("xa/:id/dang-vien") view=RegisterPage/>
                    <Route path=path!("xa/:id/nhap-dang-vien") view=ImportPage/>
                    <Route path=path!("dang-vien/:id") view=MemberPage/>
                    <Route path=path!("chi-bo/:id") view=BranchPage/>
                    <Route path=path!("bao-cao") view=ReportPage/>
                    <Route path=path!("lich-su") view=HistoryPage/>
                    <Route path=path!("doi-mat-khau") view=PasswordPage/>
                    <Route path=path!("quan-tri") view=SetupPage/>
                    <Route path=path!("quan-tri/tai-khoan") view=AccountsPage/>
                    <Route path=path!("quan-tri/to-chuc") view=OrgPage/>
                    <Route path=path!("quan-tri/dot-chuyen") view=CampaignsPage/>
                </Routes>
            </main>
        </Router>
    }
}
