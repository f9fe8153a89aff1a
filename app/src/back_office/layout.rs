use leptos::prelude::*;

/// The back office: its own header and menu, nothing of a tenant's.
#[component]
pub fn StaffLayout(children: Children) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let home = super::HOME;
    let sign_out = super::StaffSignOut::url();
    // Before sign-in, no menu: nothing of the back office is shown.
    let signed_in = crate::components::current_url().0 != super::LOGIN;
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
                    <li><a href=format!("{home}/prelevements-sepa")>"Fichiers SEPA"</a></li>
                    <li><a href=format!("{home}/paiements")>"Paiements"</a></li>
                    <li><a href=format!("{home}/journal")>"Journal"</a></li>
                    <li><a href=format!("{home}/equipe")>"Équipe"</a></li>
                </ul>
                <form class="logout" method="post" action=super::HOME>
                    <input type="hidden" name=crate::forms::ACTION_FIELD value=sign_out />
                    <button type="submit">"DÉCONNEXION"</button>
                </form>
            </nav>
            })}
            <main id="contenu" tabindex="-1">{children()}</main>
        </div>
    }
}
