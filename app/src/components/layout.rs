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
    // The back office brings its own frame with its lazy routes
    // (`back_office::StaffLayout`), so none of it is in the tenant's WASM.
    if super::current_url().0.starts_with(crate::back_office::HOME) {
        return children().into_any();
    }
    tenant_layout(children).into_any()
}

fn tenant_layout(children: Children) -> impl IntoView {
    let user = use_user();
    let frame = Resource::new(|| (), |_| crate::legal::site_frame());
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-logo"><img src=crate::routes::LOGO alt="" width="48" height="48" /></span>
                <span class="brand-text">
                    <span class="brand-name">"Espace Locataire"</span>
                    <span class="brand-sub">
                        "Extranet Locataires"
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                frame.await.ok().map(|f| format!(" – {}", f.landlord))
                            })}
                        </Suspense>
                    </span>
                </span>
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
            <nav aria-label="Informations légales">
                <ul class="footer-links">
                    {crate::routes::FOOTER_MENU
                        .iter()
                        .map(|(label, path)| view! { <li><a href=*path>{*label}</a></li> })
                        .collect_view()}
                </ul>
            </nav>
            <p class="conformity">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let status = frame.await.unwrap_or_default().conformity;
                        format!("Accessibilité : {}", status.label())
                    })}
                </Suspense>
            </p>
        </footer>
    }
}
