use super::{MainMenu, use_user};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page's `<title>` and its visible heading, always the same words.
#[component]
pub fn PageTitle(title: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <h1>{title}</h1>
    }
}

/// Header with the account line, the menu (a disclosure on phones, a side
/// column on wide screens), the page, and the footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    if super::current_url().0.starts_with(crate::back_office::HOME) {
        return view! { <StaffLayout>{children()}</StaffLayout> }.into_any();
    }
    tenant_layout(children).into_any()
}

/// The back office: its own header and menu, nothing of a tenant's.
#[component]
fn StaffLayout(children: Children) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let home = crate::back_office::HOME;
    let sign_out = crate::back_office::StaffSignOut::url();
    // Before sign-in, no menu: nothing of the back office is shown.
    let signed_in = super::current_url().0 != crate::back_office::LOGIN;
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <a class="brand" href=home>
                <span class="brand-name">"Espace Locataire"</span>
                <span class="brand-sub">"Gestion"</span>
            </a>
        </header>
        <div class="page">
            {signed_in.then(|| view! {
            <nav class="menu-staff" aria-label="Menu de la gestion">
                <ul class="menu">
                    <li><a href=home>"Boîte de réception"</a></li>
                    <li><a href=format!("{home}/locataires")>"Locataires"</a></li>
                    <li><a href=format!("{home}/prelevements")>"Prélèvements"</a></li>
                    <li><a href=format!("{home}/paiements")>"Paiements"</a></li>
                    <li><a href=format!("{home}/journal")>"Journal"</a></li>
                    <li><a href=format!("{home}/equipe")>"Équipe"</a></li>
                </ul>
                <form class="logout" method="post" action=crate::back_office::HOME>
                    <input type="hidden" name=crate::forms::ACTION_FIELD value=sign_out />
                    <button type="submit">"DÉCONNEXION"</button>
                </form>
            </nav>
            })}
            <main id="contenu" tabindex="-1">{children()}</main>
        </div>
    }
}

fn tenant_layout(children: Children) -> impl IntoView {
    let user = use_user();
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-name">"Espace Locataire"</span>
                <span class="brand-sub">"Extranet Locataires"</span>
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    user.await.ok().flatten().map(|u| view! {
                        <p class="account-line">
                            "Compte Client n° " {u.account_number}
                            {u.lease.map(|l| format!(" / {l}"))}
                        </p>
                        {(u.leases.len() > 1).then(|| view! { <crate::residence::LeaseChoice leases=u.leases /> })}
                    })
                })}
            </Suspense>
        </header>
        <div class="page">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let u = user.await.ok().flatten();
                    view! {
                        <details class="menu-mobile">
                            <summary>"Menu"</summary>
                            <nav aria-label="Menu principal"><MainMenu user=u.clone() /></nav>
                        </details>
                        <nav class="menu-desktop" aria-label="Menu principal"><MainMenu user=u /></nav>
                    }
                })}
            </Suspense>
            <main id="contenu" tabindex="-1">{children()}</main>
        </div>
        <footer class="site-footer">
            <a href=crate::routes::CGU>"Conditions générales d'utilisation"</a>
        </footer>
    }
}
