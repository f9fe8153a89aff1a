//! Every page but Connexion comes with its route, in its own WASM chunk
//! (`cargo leptos build --split`): a phone downloads the shell, the router
//! and Connexion first, then only the pages it opens. The back office lives
//! only in its own chunks, under one lazy parent that carries its layout,
//! so no byte of it reaches a tenant.
//!
//! Each route type is a thin shell over its page: the page keeps its
//! resources in its own body, so nothing of its data types is reachable from
//! the main module (`data()` runs eagerly there).
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `lazy_page!(Route, page::Component)`: a lazy route showing that page.
macro_rules! lazy_page {
    ($route:ident, $($page:ident)::+) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$($page)::+ /> }.into_any()
            }
        }
    };
}

lazy_page!(Home, crate::pages::HomePage);
lazy_page!(RegisterStep1, crate::auth::pages::RegisterStep1Page);
lazy_page!(RegisterStep2, crate::auth::pages::RegisterStep2Page);
lazy_page!(Activate, crate::auth::pages::ActivatePage);
lazy_page!(NewActivation, crate::auth::pages::NewActivationPage);
lazy_page!(ForgotPassword, crate::auth::pages::ForgotPasswordPage);
lazy_page!(ResetPassword, crate::auth::pages::ResetPasswordPage);
lazy_page!(ChangePassword, crate::auth::pages::ChangePasswordPage);
lazy_page!(ChangeEmail, crate::auth::pages::ChangeEmailPage);
lazy_page!(ConfirmEmail, crate::auth::pages::ConfirmEmailPage);
lazy_page!(Notice, crate::pages::NoticePage);
lazy_page!(Cgu, crate::pages::CguPage);
lazy_page!(Contact, crate::contact::ContactPage);
lazy_page!(Account, crate::account::AccountPage);
lazy_page!(Residence, crate::residence::ResidencePage);
lazy_page!(Payment, crate::payment::PaymentPage);
lazy_page!(DirectDebit, crate::direct_debit::DirectDebitPage);
lazy_page!(Claims, crate::claims::ClaimsPage);
lazy_page!(PersonalInfo, crate::personal_info::PersonalInfoPage);
lazy_page!(Insurance, crate::insurance::InsurancePage);
lazy_page!(Documents, crate::documents::DocumentsPage);

/// The back office's frame: its header and menu around the staff page.
pub struct Staff;

#[lazy_route]
impl LazyRoute for Staff {
    fn data() -> Self {
        Staff
    }

    fn view(_this: Self) -> AnyView {
        view! {
            <crate::back_office::StaffLayout>
                <leptos_router::components::Outlet />
            </crate::back_office::StaffLayout>
        }
        .into_any()
    }
}

lazy_page!(StaffInbox, crate::back_office::InboxPage);
lazy_page!(StaffLogin, crate::back_office::StaffLoginPage);
lazy_page!(StaffRequest, crate::back_office::RequestPage);
lazy_page!(StaffTenants, crate::back_office::TenantsPage);
lazy_page!(StaffTenant, crate::back_office::TenantPage);
lazy_page!(StaffPayments, crate::back_office::PaymentsPage);
lazy_page!(StaffAudit, crate::back_office::AuditPage);
lazy_page!(StaffDebits, crate::back_office::DebitsPage);
lazy_page!(StaffTeam, crate::back_office::TeamPage);
lazy_page!(StaffDebit, crate::back_office::DebitPage);
