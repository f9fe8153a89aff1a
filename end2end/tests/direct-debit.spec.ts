import { expect, Page, test, TestInfo } from "@playwright/test";
import * as fs from "fs";
import { DEMO, expectAccessible, field, goto, readMail, ready, screenshot, signIn, submit } from "./helpers";

// Sophie has no mandate yet; Claire (demo) pays by direct debit. Runs before
// password.spec.ts, which changes both of their logins.
const CLAIRE = { email: "claire.petit@exemple.com", password: "Gambetta-Claire-1979" };

async function as(page: Page, info: TestInfo, who: { email: string; password: string }, width = 360) {
  await page.setViewportSize({ width, height: 800 });
  await signIn(page, info, who.email, who.password);
  await goto(page, info, "/prelevements");
}

async function fill(page: Page, iban: string, bic: string) {
  // As in the seed, the form opens from its button (a disclosure, with or without JavaScript).
  await expect(field(page, "IBAN")).toBeHidden();
  await page.locator("summary", { hasText: "DEMANDER LA MODIFICATION DE MA DOMICILIATION BANCAIRE" }).click();
  await field(page, "Titulaire du compte").fill("Sophie Martin");
  await field(page, "IBAN").fill(iban);
  await field(page, "BIC").fill(bic);
  await page.getByLabel("le 10 du mois").check();
}

test("a wrong IBAN and BIC come back next to their fields, with what was typed", async ({ page }, info) => {
  await as(page, info, DEMO);
  await fill(page, "FR76 3000 6000 0112 3456 7890 188", "DEUTDEFF");
  await submit(page, info, "VALIDER");
  await expect(page.locator("#champ-iban-erreur")).toHaveText(/La clé de contrôle de l'IBAN est incorrecte/);
  await expect(field(page, "IBAN")).toHaveValue("FR76 3000 6000 0112 3456 7890 188");
  await expect(field(page, "IBAN")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await screenshot(page, info, "prelevements-erreur-360");
});

test("a request gets its mandate to sign: shown, mailed, downloaded; then cancelled", async ({ page }, info) => {
  await as(page, info, DEMO);
  await fill(page, "fr76 3000 6000 0112 3456 7890 189", "agrifrpp882");
  await submit(page, info, "VALIDER");
  await expect(page.locator("#demande-envoyee")).toContainText("est enregistrée", { timeout: 15_000 });
  await expect(page.locator(".requests tbody tr").first()).toContainText("Envoyée");
  await ready(page, info);
  await expectAccessible(page);
  await screenshot(page, info, "prelevements-demande-360");
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "TÉLÉCHARGER LE MANDAT (PDF)" }).click()]);
  expect(file.suggestedFilename()).toMatch(/^mandat-sepa-EL123456-\d{9}\.pdf$/);
  expect(fs.readFileSync((await file.path())!).subarray(0, 5).toString()).toBe("%PDF-");
  const mail = await readMail(info, DEMO.email, /Votre mandat de prélèvement SEPA à signer/);
  expect(mail).toContain("application/pdf");
  await submit(page, info, "ANNULER LA DEMANDE");
  await expect(page.locator(".requests tbody tr").first()).toContainText("Annulée", { timeout: 15_000 });
});

test("a registered mandate shows its masked IBAN, RUM and ICS, and can be stopped", async ({ page }, info) => {
  await as(page, info, CLAIRE, 1280);
  const mandate = page.locator(".mandates tbody tr").first();
  await expect(mandate).toContainText("FR90 •••• •••• •••• •••• •••0 118");
  await expect(mandate).toContainText("RUM : ++0567890000001");
  await expect(mandate).toContainText("ICS : FR72ZZZ123456");
  await expect(mandate).toContainText("Actif");
  await expectAccessible(page);
  await screenshot(page, info, "prelevements-mandat-desktop");
  await page.getByLabel("Arrêter le prélèvement pour").selectOption("0056789");
  await submit(page, info, "DEMANDER L'ARRÊT");
  await expect(page.locator("#demande-envoyee")).toContainText("Votre demande d'arrêt du prélèvement", { timeout: 15_000 });
  await expect(page.locator(".requests tbody tr").first()).toContainText("Arrêt du prélèvement");
});
