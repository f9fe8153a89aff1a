import { expect, Page, test, TestInfo } from "@playwright/test";
import { DEMO, expectAccessible, field, goto, jsOn, readMail, sampleFile, screenshot, sendFiles, signIn, submit } from "./helpers";

// What tenants send, with real files, JavaScript on and off. Runs before
// password.spec.ts, which changes Sophie's password.
const PAUL = { email: "paul.bernard@exemple.com", password: "Parking-Balay-1962" };

async function as(page: Page, info: TestInfo, who: { email: string; password: string }, url: string, width = 360) {
  await page.setViewportSize({ width, height: 800 });
  await signIn(page, info, who.email, who.password);
  await goto(page, info, url);
}

test("Nous contacter: a refused file comes back next to its field, the message kept; then the request is sent", async ({ page }, info) => {
  await as(page, info, PAUL, "/nous-contacter");
  // As in the seed, no object is chosen for the tenant.
  await expect(page.getByRole("radio", { name: "Demande technique" })).not.toBeChecked();
  await expect(page.getByRole("radio", { name: "Demande administrative" })).not.toBeChecked();
  await field(page, "Votre message").fill("Bonjour, voici mes justificatifs.");
  await page.getByLabel("Pièce jointe 1", { exact: true }).setInputFiles(sampleFile("faux.pdf"));
  await page.getByLabel("Type de document").first().selectOption({ label: "Avis d'imposition" });
  await sendFiles(page, info, "VALIDER");
  await expect(page.locator("#champ-objet-erreur")).toContainText("Choisissez l'objet de votre demande.");
  await expect(page.locator("#champ-fichier1-erreur")).toContainText("ni un PDF, ni une photo");
  await expect(field(page, "Votre message")).toHaveValue("Bonjour, voici mes justificatifs.");
  await page.getByRole("radio", { name: "Demande administrative" }).check();
  await expectAccessible(page);
  await screenshot(page, info, "nous-contacter-erreur-360");

  if (jsOn(info)) {
    // Once hydrated: one row, another added, then removed before sending.
    await expect(page.getByLabel("Pièce jointe 2", { exact: true })).toBeHidden();
    await page.getByRole("button", { name: "AJOUTER UNE PIÈCE JOINTE" }).click();
    await expect(page.getByLabel("Pièce jointe 2", { exact: true })).toBeVisible();
    await page.getByLabel("Pièce jointe 2", { exact: true }).setInputFiles(sampleFile("photo.png"));
    // As in the seed, the chosen files are listed in "Documents" before sending.
    const listed = page.locator(".documents-chosen tbody tr", { hasText: "photo.png" });
    await expect(listed).toHaveCount(1);
    await listed.getByRole("button", { name: "Supprimer" }).click();
    await expect(page.getByLabel("Pièce jointe 2", { exact: true })).toBeHidden();
    await expect(page.locator(".documents-chosen")).not.toContainText("photo.png");
  }
  await page.getByLabel("Pièce jointe 1", { exact: true }).setInputFiles(sampleFile("attestation.pdf"));
  await page.getByLabel("Type de document").first().selectOption({ label: "Avis d'imposition" });
  if (jsOn(info)) {
    const chosen = page.locator(".documents-chosen tbody tr").first();
    await expect(chosen.locator("td").nth(0)).toHaveText("attestation.pdf");
    await expect(chosen.locator("td").nth(1)).toHaveText("Avis d'imposition");
  }
  await sendFiles(page, info, "VALIDER");
  await expect(page.locator("#demande-envoyee")).toContainText(/Votre demande n° \d{9} est enregistrée/);
  const row = page.locator(".requests tbody tr").first();
  await expect(row).toContainText("attestation.pdf (Avis d'imposition)");
  await expect(row).toContainText("Envoyée");
  await expect(row).not.toContainText("photo.png");
  await readMail(info, PAUL.email, /a bien été reçue/);
  const download = page.waitForEvent("download");
  await row.getByRole("link", { name: "attestation.pdf" }).click();
  expect((await download).suggestedFilename()).toBe("attestation.pdf");
  await expectAccessible(page);
  await screenshot(page, info, "nous-contacter-envoyee-360");
});

test("Mes réclamations: a claim with a photo, then a reply", async ({ page }, info) => {
  await as(page, info, PAUL, "/reclamations", 1280);
  await page.getByLabel("Catégorie *").selectOption({ label: "Électricité" });
  await field(page, "Description").fill("La lumière du parking ne s'allume plus.");
  await page.getByLabel("Photo 1", { exact: true }).setInputFiles(sampleFile("photo.png"));
  await sendFiles(page, info, "VALIDER");
  await expect(page.locator("#reclamation-envoyee")).toContainText("est enregistrée");
  const claim = page.locator("article.claim").first();
  await expect(claim).toContainText("Électricité");
  await expect(claim).toContainText("Avancement : Envoyée");
  await claim.getByLabel("Votre message *").fill("Toujours en panne ce soir.");
  await sendFiles(page, info, "RÉPONDRE");
  await expect(page.locator("article.claim").first()).toContainText("Toujours en panne ce soir.");
  await expectAccessible(page);
  await screenshot(page, info, "reclamations-1280");
});

test("Assurance: the expiring lease is shown, a certificate is sent and awaits validation", async ({ page }, info) => {
  await as(page, info, DEMO, "/", 360);
  await expect(page.locator("#alertes")).toBeVisible();
  await expect(page.getByText(/Votre attestation d'assurance pour Logement Type 3 .* se termine le/)).toBeVisible();
  await goto(page, info, "/assurance");
  await expect(page.locator(".lease-insurance")).toContainText("à jour");
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  await page.getByLabel("Location concernée *").selectOption({ index: 0 });
  await field(page, "Du").fill(iso(new Date(today.getTime() + 86_400_000)));
  await field(page, "Au").fill(iso(today));
  await page.getByLabel("Attestation *", { exact: true }).setInputFiles(sampleFile("attestation.pdf"));
  await sendFiles(page, info, "ENVOYER");
  await expect(page.locator("#champ-au-erreur")).toContainText("après la date de début");
  await expectAccessible(page);
  await field(page, "Au").fill(iso(new Date(today.getTime() + 300 * 86_400_000)));
  await page.getByLabel("Attestation *", { exact: true }).setInputFiles(sampleFile("attestation.pdf"));
  await sendFiles(page, info, "ENVOYER");
  await expect(page.locator("#envoi-enregistre")).toContainText(/envoi n° \d{9}/);
  await expect(page.locator(".lease-insurance li").first()).toContainText("en cours de validation");
  await expect(page.locator(".requests tbody tr").first()).toContainText("En cours de validation");
  await expectAccessible(page);
  await screenshot(page, info, "assurance-envoyee-360");
});

test("Mes informations personnelles: a malformed phone is refused, a valid change awaits the landlord", async ({ page }, info) => {
  await as(page, info, DEMO, "/informations-personnelles", 360);
  await expect(page.locator(".facts")).toContainText("06 12 34 56 78");
  await page.getByLabel("Téléphone mobile", { exact: true }).fill("06 12");
  await submit(page, info, "MODIFIER MES COORDONNÉES");
  await expect(page.locator("#champ-mobile-erreur")).toContainText("n'est pas valide");
  await expect(page.getByLabel("Téléphone mobile", { exact: true })).toHaveValue("06 12");
  await page.getByLabel("Téléphone mobile", { exact: true }).fill("07 81 22 33 44");
  await submit(page, info, "MODIFIER MES COORDONNÉES");
  await expect(page.locator("#demande-envoyee")).toContainText("dès que votre bailleur l'aura validée");
  await expect(page.locator(".requests tbody tr").first()).toContainText("Modification des coordonnées");
  await expectAccessible(page);
  await screenshot(page, info, "informations-personnelles-360");
});
