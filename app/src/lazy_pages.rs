//! Every page but Connexion comes in a WASM chunk of its own group
//! (`cargo leptos build --split`): a phone downloads the shell, the router
//! and Connexion first, then the group of the page it opens. The back office
//! lives only in its own group, layout included, so no byte of its code
//! reaches a tenant.
//!
//! Groups, not one chunk per page: the splitter gives every set of split
//! points that shares some code (or a string) a chunk of its own, and with a
//! split point per page a page needed up to 108 files (each one more request
//! on a phone's network). Four split points make at most eleven shared chunks.
//!
//! Each page keeps its resources in its own body, so nothing of its data
//! types is reachable from the main module (`LazyRoute::data` runs there).
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// `lazy_group!(loader, __preload_loader, Enum { Route => page::Component, … })`:
/// one split point (`loader`) holding these pages, and a lazy route type for
/// each. The router awaits `preload` (the chunk's download) before it
/// hydrates or shows the page; `#[lazy]` names that function
/// `__preload_<loader>`, in the browser only.
macro_rules! lazy_group {
    ($loader:ident, $preload:ident, $group:ident { $($route:ident => $($page:ident)::+),+ $(,)? }) => {
        #[derive(Clone, Copy)]
        pub enum $group {
            $($route),+
        }

        #[leptos::lazy]
        fn $loader(page: $group) -> AnyView {
            match page {
                $($group::$route => view! { <$($page)::+ /> }.into_any()),+
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    $loader($group::$route).await
                }

                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )+
    };
}

lazy_group!(account_pages, __preload_account_pages, AccountGroup {
    Home => crate::pages::HomePage,
    Account => crate::account::AccountPage,
    Residence => crate::residence::ResidencePage,
    Documents => crate::documents::DocumentsPage,
    Payment => crate::payment::PaymentPage,
    DirectDebit => crate::direct_debit::DirectDebitPage,
});

lazy_group!(request_pages, __preload_request_pages, RequestGroup {
    Contact => crate::contact::ContactPage,
    Claims => crate::claims::ClaimsPage,
    PersonalInfo => crate::personal_info::PersonalInfoPage,
    Insurance => crate::insurance::InsurancePage,
});

lazy_group!(access_pages, __preload_access_pages, AccessGroup {
    RegisterStep1 => crate::auth::pages::RegisterStep1Page,
    RegisterStep2 => crate::auth::pages::RegisterStep2Page,
    Activate => crate::auth::pages::ActivatePage,
    NewActivation => crate::auth::pages::NewActivationPage,
    ForgotPassword => crate::auth::pages::ForgotPasswordPage,
    ResetPassword => crate::auth::pages::ResetPasswordPage,
    ChangePassword => crate::auth::pages::ChangePasswordPage,
    ChangeEmail => crate::auth::pages::ChangeEmailPage,
    ConfirmEmail => crate::auth::pages::ConfirmEmailPage,
    Notice => crate::pages::NoticePage,
    Cgu => crate::pages::CguPage,
    LegalNotice => crate::legal::LegalNoticePage,
    Privacy => crate::legal::PrivacyPage,
    Accessibility => crate::legal::AccessibilityPage,
    Sitemap => crate::legal::SitemapPage,
    MyData => crate::privacy::MyDataPage,
    CloseAccess => crate::privacy::CloseAccessPage,
});

lazy_group!(staff_pages, __preload_staff_pages, StaffGroup {
    Staff => StaffFrame,
    StaffInbox => crate::back_office::InboxPage,
    StaffLogin => crate::back_office::StaffLoginPage,
    StaffRequest => crate::back_office::RequestPage,
    StaffTenants => crate::back_office::TenantsPage,
    StaffTenant => crate::back_office::TenantPage,
    StaffPayments => crate::back_office::PaymentsPage,
    StaffAudit => crate::back_office::AuditPage,
    StaffDebits => crate::back_office::DebitsPage,
    StaffTeam => crate::back_office::TeamPage,
    StaffDebit => crate::back_office::DebitPage,
    StaffCollections => crate::back_office::CollectionsPage,
});

/// The back office's frame: its header and menu around the staff page.
#[component]
fn StaffFrame() -> impl IntoView {
    view! {
        <crate::back_office::StaffLayout>
            <leptos_router::components::Outlet />
        </crate::back_office::StaffLayout>
    }
}
