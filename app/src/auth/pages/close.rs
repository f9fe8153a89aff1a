use crate::auth::CloseAccess;
use crate::components::{PageTitle, Protected};
use crate::forms::{Checkbox, Field, FieldKind, Form};
use crate::routes;
use leptos::prelude::*;

/// Fermer mon accès (RGPD art. 17): what goes, what stays, then the password.
#[component]
pub fn CloseAccessPage() -> impl IntoView {
    view! {
        <PageTitle title="Fermer mon accès" />
        <Protected>
            {
                let action = ServerAction::<CloseAccess>::new();
                view! {
                    <p>"Vous pouvez fermer votre accès à l'Espace Locataire à tout moment."</p>
                    <h2>"Ce qui est effacé"</h2>
                    <ul>
                        <li>"votre identifiant (adresse e-mail) et votre mot de passe ;"</li>
                        <li>"vos sessions ouvertes et les liens envoyés par mail qui n'ont pas servi."</li>
                    </ul>
                    <h2>"Ce que votre bailleur conserve"</h2>
                    <p>"Votre compte client, vos paiements, vos mandats de prélèvement et vos demandes restent connus de votre bailleur, \
                        qui doit les conserver pendant les durées indiquées dans la "
                        <a href=routes::PRIVACY>"politique de confidentialité"</a>
                        ". Vos prélèvements automatiques continuent."</p>
                    <p>"Pensez à télécharger d'abord une copie de vos données depuis " <a href=routes::MY_DATA>"Mes données"</a>
                        ". Vous pourrez créer un nouvel accès plus tard avec « Inscription locataire »."</p>
                    <Form action button="FERMER MON ACCÈS">
                        <Field name="current_password" label="Mot de passe actuel" kind=FieldKind::Password autocomplete="current-password" />
                        <Checkbox name="confirmation">
                            "Je confirme vouloir fermer mon accès à l'Espace Locataire *"
                        </Checkbox>
                    </Form>
                }
            }
        </Protected>
    }
}
