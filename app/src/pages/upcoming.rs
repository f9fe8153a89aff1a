use crate::components::{PageTitle, Protected};
use crate::routes::MAIN_MENU;
use leptos::prelude::*;

/// A menu entry whose area is not open yet: it says so plainly instead of a 404.
#[component]
pub fn UpcomingPage() -> impl IntoView {
    let path = crate::components::current_url().0;
    let title = MAIN_MENU
        .iter()
        .find(|(_, p)| *p == path)
        .map_or("Rubrique", |(t, _)| *t);
    view! {
        <PageTitle title />
        <Protected>
            <p class="alert alert-info" role="status">
                "Cette rubrique ouvre prochainement. En attendant, votre agence de proximité reste à votre disposition."
            </p>
        </Protected>
    }
}
