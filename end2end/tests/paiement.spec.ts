import { expect, Page, test, TestInfo } from "@playwright/test";
import { DEMO, expectAccessible, goto, jsOn, readMail, ready, screenshot, signIn } from "./helpers";

// Sophie owes 575,00 €. The specs run in this order (one worker): a refused
// card, refused amounts, 45,50 € through 3-D Secure, 20 € followed from a
// second tab, then the balance.

const CARD_OK = "4970 1000 0000 0000";
const CARD_3DS = "4970 1000 0000 0003";
const CARD_REFUSED = "4970 1000 0000 0014";

/** Counts the taps of a tenant on a phone. */
class Taps {
  count = 0;
  constructor(private page: Page) {}
  async on(role: "link" | "button", name: string | RegExp) {
    this.count += 1;
    await this.page.getByRole(role, { name }).first().click();
  }
}

async function asSophie(page: Page, info: TestInfo, width = 360) {
  await page.setViewportSize({ width, height: 800 });
  await signIn(page, info, DEMO.email, DEMO.password);
}

/** From VALIDER to the bank's card page: with JavaScript the page goes on by
 * itself; without, the tenant presses the button. */
async function toTheBank(page: Page, info: TestInfo, taps: Taps) {
  if (!jsOn(info)) {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Paiement sécurisé");
    await taps.on("button", "CONTINUER VERS LE PAIEMENT SÉCURISÉ");
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Paiement par carte");
}

async function fillCard(page: Page, card: string) {
  await page.getByLabel("Numéro de carte").fill(card);
  await page.getByLabel("Date d'expiration (MM/AA)").fill("12/29");
  await page.getByLabel("Cryptogramme visuel").fill("123");
}

async function chooseAmount(page: Page, info: TestInfo, amount: string) {
  await goto(page, info, "/paiement");
  await page.getByLabel("Je choisis le montant de mon règlement").check();
  await page.getByLabel("Mon règlement (en euros)").fill(amount);
}

test("a refused card changes nothing, and the history says so", async ({ page }, info) => {
  await asSophie(page, info);
  const taps = new Taps(page);
  await chooseAmount(page, info, "20");
  await taps.on("button", "VALIDER");
  await toTheBank(page, info, taps);
  await expect(page.locator(".bank-summary")).toContainText("20,00");
  await fillCard(page, CARD_REFUSED);
  await taps.on("button", "PAYER");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Paiement refusé");
  await taps.on("link", "RETOURNER SUR LE SITE DU MARCHAND");
  await expect(page.locator("#resultat-paiement")).toContainText("a été refusé par la banque", { timeout: 15_000 });
  await expect(page.locator(".payments tbody tr").first()).toContainText("Refusé");
  await expect(page.locator(".balance")).toContainText("575,00");
});

test("amounts out of bounds come back next to the field, with what was typed", async ({ page }, info) => {
  await asSophie(page, info);
  await chooseAmount(page, info, "9,99");
  await ready(page, info);
  await page.getByRole("button", { name: "VALIDER" }).click();
  const amount = page.getByLabel("Mon règlement (en euros)");
  await expect(page.locator(".field-error")).toHaveText(/Le montant minimum d'un règlement en ligne est de 10,00/);
  await expect(amount).toHaveValue("9,99");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await amount.fill("1 000");
  await page.getByLabel("Je choisis le montant de mon règlement").check();
  await page.getByRole("button", { name: "VALIDER" }).click();
  await expect(page.locator(".field-error")).toHaveText(/ne peut pas dépasser la somme due, soit 575,00/);
  await expectAccessible(page);
  await screenshot(page, info, "paiement-erreur-360");
});

test("another amount, confirmed by 3-D Secure: accepted, credited, receipt mailed", async ({ page }, info) => {
  await asSophie(page, info, 1280);
  const taps = new Taps(page);
  await chooseAmount(page, info, "45,50");
  await taps.on("button", "VALIDER");
  await toTheBank(page, info, taps);
  await fillCard(page, CARD_3DS);
  await taps.on("button", "PAYER");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Authentification 3-D Secure");
  await page.getByLabel("Code de confirmation").fill("123456");
  await taps.on("button", "CONFIRMER");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Paiement accepté");
  await taps.on("link", "RETOURNER SUR LE SITE DU MARCHAND");
  await expect(page.locator("#resultat-paiement")).toContainText("Votre paiement de 45,50", { timeout: 15_000 });
  await expect(page.locator("#resultat-paiement")).toContainText("est accepté", { timeout: 15_000 });
  await expect(page.locator(".balance")).toContainText("529,50");
  await expect(page.locator(".payments tbody tr").first()).toContainText("Accepté");
  await expect(page.locator(".payments tbody tr")).toHaveCount(2);
  const mail = await readMail(info, DEMO.email, /Votre paiement en ligne est accepté/);
  expect(mail).toContain("REÇU DE PAIEMENT");
  expect(mail).toMatch(/Montant : 45,50/);
  await ready(page, info);
  await expectAccessible(page);
  await screenshot(page, info, "paiement-accepte-desktop");
});

test("the return page follows a payment under way: in place once hydrated, by reloading without JavaScript", async ({ page, context }, info) => {
  await asSophie(page, info, 1280);
  const taps = new Taps(page);
  await chooseAmount(page, info, "20");
  await ready(page, info);
  await taps.on("button", "VALIDER");
  await toTheBank(page, info, taps);
  const order = (await page.locator("dt", { hasText: "Référence de la commande" }).locator("xpath=following-sibling::dd[1]").innerText()).trim();
  // A second tab on the return page while the bank has not answered yet.
  const watcher = await context.newPage();
  await watcher.goto(`/paiement?demande=${order}`);
  await ready(watcher, info);
  await expect(watcher.locator("#resultat-paiement")).toContainText("est en cours de traitement");
  if (jsOn(info)) await watcher.evaluate(() => ((window as unknown as { same: boolean }).same = true));
  await fillCard(page, CARD_OK);
  await page.getByRole("button", { name: "PAYER" }).click();
  await expect(watcher.locator("#resultat-paiement")).toContainText("est accepté", { timeout: 30_000 });
  if (jsOn(info)) {
    // Updated by the status poll (gloo-net), never by reloading the page.
    expect(await watcher.evaluate(() => (window as unknown as { same?: boolean }).same)).toBe(true);
  }
  await expectAccessible(watcher);
  await watcher.close();
});

test("on a phone: from Accueil to the bank and back, the balance paid in 4 taps", async ({ page }, info) => {
  await asSophie(page, info);
  await goto(page, info, "/");
  await screenshot(page, info, "accueil-avant-paiement-360");
  const taps = new Taps(page);
  await taps.on("link", "Je règle mon loyer en ligne");
  await expect(page.getByLabel(/Je règle le solde de mon compte : 509,50/)).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, info, "paiement-360");
  await ready(page, info);
  await taps.on("button", "VALIDER");
  await toTheBank(page, info, taps);
  await screenshot(page, info, "banque-test-360");
  await expectAccessible(page);
  await fillCard(page, CARD_OK);
  await taps.on("button", "PAYER");
  await taps.on("link", "RETOURNER SUR LE SITE DU MARCHAND");
  await expect(page.locator("#resultat-paiement")).toContainText("est accepté", { timeout: 15_000 });
  // With JavaScript the bank's page opens by itself; without it, one more tap.
  expect(taps.count).toBe(jsOn(info) ? 4 : 5);
  await expect(page.getByText("Vous n'avez aucune somme à régler pour le moment.")).toBeVisible();
  await goto(page, info, "/");
  await expect(page.locator(".balance")).toContainText("votre solde est à jour");
});

test("with nothing due, a tenant pays ahead an amount of their choice", async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signIn(page, info, "paul.bernard@exemple.com", "Parking-Balay-1962");
  await goto(page, info, "/paiement");
  await expect(page.getByText("Vous n'avez aucune somme à régler pour le moment.")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, "paiement-avance-360");
  const field = page.getByLabel("Mon règlement d'avance (en euros)");
  await field.fill("2500");
  await ready(page, info);
  await page.getByRole("button", { name: "VALIDER" }).click();
  await expect(page.getByText("Un règlement d'avance ne peut pas dépasser 2 000,00 €.")).toBeVisible();
  await expect(field).toHaveValue("2500");
  await field.fill("50");
  const taps = new Taps(page);
  await taps.on("button", "VALIDER");
  await toTheBank(page, info, taps);
  await expect(page.locator(".bank-summary")).toContainText("50,00");
  await fillCard(page, CARD_OK);
  await taps.on("button", "PAYER");
  await taps.on("link", "RETOURNER SUR LE SITE DU MARCHAND");
  await expect(page.locator("#resultat-paiement")).toContainText("est accepté", { timeout: 15_000 });
  await expect(page.locator(".balance")).toContainText("crédit");
});
