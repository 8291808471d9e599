//! Every page but the planning board, as lazy routes: in the browser, each one's code is a wasm
//! chunk of its own (scripts/build-site.sh splits the wasm), fetched when the page is opened, so
//! that the board, the page a commune office works on every day, loads only its own code. A
//! chunk is small and shared code comes once; the service worker keeps every chunk, so these
//! pages open offline too.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A lazy route for a page component that needs no data before its code arrives (each page
/// loads its own data once it runs).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(
    /// `/`, where a user lands after signing in.
    HomeRoute => super::home_page::HomePage
);
lazy_page!(
    /// `/dang-nhap`, signing in.
    LoginRoute => super::login_page::LoginPage
);
lazy_page!(
    /// `/xa/:id`, a commune's page.
    CommuneRoute => super::commune_page::CommunePage
);
lazy_page!(
    /// `/chi-bo/:id`, a branch's page.
    BranchRoute => super::branch_page::BranchPage
);
lazy_page!(
    /// `/dang-vien/:id`, a member's page.
    MemberRoute => super::member_page::MemberPage
);
lazy_page!(
    /// `/tong-quan`, the province's overview.
    OverviewRoute => super::overview_page::OverviewPage
);
lazy_page!(
    /// `/bao-cao`, the report.
    ReportRoute => super::report_page::ReportPage
);
lazy_page!(
    /// `/lich-su`, the change history.
    HistoryRoute => super::history_page::HistoryPage
);
lazy_page!(
    /// `/quan-tri`, setting up the organisation.
    SetupRoute => super::setup_page::SetupPage
);
lazy_page!(
    /// `/quan-tri/tai-khoan`, the accounts.
    AccountsRoute => super::accounts_page::AccountsPage
);
lazy_page!(
    /// `/quan-tri/to-chuc`, the organisation's units.
    OrgRoute => super::org_page::OrgPage
);
lazy_page!(
    /// `/quan-tri/dot-chuyen`, the transfer campaigns.
    CampaignsRoute => super::campaigns_page::CampaignsPage
);
lazy_page!(
    /// `/xa/:id/dang-vien`, a commune's register.
    RegisterRoute => super::register_page::RegisterPage
);
lazy_page!(
    /// `/xa/:id/nhap-dang-vien`, importing the register from a spreadsheet.
    ImportRoute => super::import_page::ImportPage
);
lazy_page!(
    /// `/doi-mat-khau`, changing one's password.
    PasswordRoute => super::password_page::PasswordPage
);
