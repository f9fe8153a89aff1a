use super::{AskCopy, CopyState, DataCopy, my_copies};
use crate::components::{PageTitle, Protected};
use crate::forms::Form;
use crate::routes;
use leptos::prelude::*;

/// Mes données: what the copy holds, the button, and the copies asked for.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let copies = Resource::new(|| (), |_| my_copies());
    view! {
        <PageTitle title="Mes données" />
        <Protected>
            {
                let action = ServerAction::<AskCopy>::new();
                view! {
                    <p>"Vous pouvez recevoir une copie de tout ce que l'Espace Locataire conserve sur votre accès et votre compte client : \
                        vos informations, vos baux, les écritures de votre compte, vos avis, vos paiements, vos prélèvements, \
                        vos demandes avec leurs messages et leurs pièces jointes."</p>
                    <p>"La copie est un fichier ZIP : un fichier de données (JSON) lisible par un autre logiciel, une notice, \
                        vos documents et un relevé de compte au format PDF. Elle est préparée en quelques instants, puis reste disponible 7 jours."</p>
                    <Form action button="PRÉPARER UNE COPIE DE MES DONNÉES" />
                    <h2>"Mes copies"</h2>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match copies.await {
                                Ok(list) => copy_list(list, copies).into_any(),
                                Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <p>"Pour faire corriger une information : " <a href=routes::PERSONAL_INFO>"Mes informations personnelles"</a>
                        ". Pour toute autre demande sur vos données, voyez la " <a href=routes::PRIVACY>"politique de confidentialité"</a> "."</p>
                }
            }
        </Protected>
    }
}

fn copy_list(
    list: Vec<DataCopy>,
    copies: Resource<Result<Vec<DataCopy>, crate::error::AppError>>,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"Vous n'avez demandé aucune copie."</p> }.into_any();
    }
    let preparing = list.iter().any(|c| c.state == CopyState::Preparing);
    if preparing {
        follow(copies);
    }
    view! {
        {preparing.then(|| view! { <noscript inner_html=r#"<meta http-equiv="refresh" content="3">"# /> })}
        <ul class="copies" role="status">
            {list.into_iter().map(|c| view! { <li>{line(c)}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

fn line(c: DataCopy) -> impl IntoView {
    let when = format!("Copie demandée le {} : ", c.asked);
    match c.state {
        CopyState::Preparing => view! { {when} "en préparation…" }.into_any(),
        CopyState::Failed => {
            view! { {when} "la préparation a échoué. Merci d'en demander une nouvelle." }.into_any()
        }
        CopyState::Ready => view! {
            {when}
            <a href=format!("{}?copie={}", routes::MY_DATA_ZIP, c.id) download="">
                {format!("télécharger (ZIP, {})", c.size)}
            </a>
        }
        .into_any(),
    }
}

/// Once hydrated, asks again in 3 s while a copy is being prepared (without
/// JavaScript the `<noscript>` refresh does it).
fn follow(copies: Resource<Result<Vec<DataCopy>, crate::error::AppError>>) {
    #[cfg(feature = "hydrate")]
    set_timeout(move || copies.refetch(), std::time::Duration::from_secs(3));
    #[cfg(not(feature = "hydrate"))]
    let _ = copies;
}
