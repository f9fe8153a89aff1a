use crate::components::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle title="Page introuvable" />
        <p>"La page demandée n'existe pas ou n'est plus disponible."</p>
        <p><a class="button" href="/">"Retour à l'accueil"</a></p>
    }
}
