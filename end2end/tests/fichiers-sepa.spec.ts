import { expect, test } from "@playwright/test";
import { expectAccessible, field, goto, screenshot, signIn, submit, totp } from "./helpers";
import { readFileSync } from "node:fs";

// The demo's accountant and its published TOTP key.
const COMPTA = {
  email: "comptabilite@habitat-demo.fr",
  password: "Gestion-Demo-2026",
  totp: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
};

test("accounting sees the list, generates the SEPA file, downloads it and marks it sent", async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await goto(page, info, "/gestion/connexion");
  await field(page, "Identifiant").fill(COMPTA.email);
  await field(page, "Mot de passe").fill(COMPTA.password);
  await field(page, "Code de vérification").fill(totp(COMPTA.totp));
  await submit(page, info, "ME CONNECTER");
  await expect(page).toHaveURL(/\/gestion$/);

  await goto(page, info, "/gestion/prelevements-sepa");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fichiers de prélèvement SEPA");
  // A day that is not a debit day is refused next to the field.
  const date = page.getByLabel("Date de prélèvement");
  const earliest = await date.inputValue();
  await date.fill(earliest.slice(0, 8) + "06");
  await Promise.all([page.waitForURL(/date=/), page.getByRole("button", { name: "VOIR LA LISTE" }).click()]);
  await expect(page.locator(".field-error")).toHaveText("Les prélèvements ont lieu le 5, le 10 ou le 15 du mois.");
  await page.getByLabel("Date de prélèvement").fill(earliest);
  await Promise.all([page.waitForURL(new RegExp(`date=${earliest}`)), page.getByRole("button", { name: "VOIR LA LISTE" }).click()]);
  await expect(page.getByRole("heading", { name: /Prélèvements du/ })).toBeVisible();
  await expect(page.locator("table").first()).toContainText("Premier (FRST)");
  await expectAccessible(page);
  await screenshot(page, info, "gestion-fichiers-sepa-1280");

  await submit(page, info, "GÉNÉRER LE FICHIER");
  const row = page.locator("tbody tr", { hasText: "Généré, à envoyer à la banque" });
  await expect(row).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: /Télécharger/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`prelevements-${earliest}.xml`);
  const xml = readFileSync(await download.path(), "utf8");
  expect(xml).toContain("urn:iso:std:iso:20022:tech:xsd:pain.008.001.08");
  expect(xml).toContain(`<ReqdColltnDt>${earliest}</ReqdColltnDt>`);

  await submit(page, info, "MARQUER COMME ENVOYÉ À LA BANQUE");
  await expect(page.locator("tbody tr", { hasText: "Envoyé à la banque" })).toBeVisible();
  await page.setViewportSize({ width: 360, height: 800 });
  await expectAccessible(page);
  await screenshot(page, info, "gestion-fichiers-sepa-360");
  // The demo's tenant who pays on that day and owes a month sees the debit
  // coming on Accueil, with its amount and date.
  await page.context().clearCookies();
  const day = Number(earliest.slice(8, 10));
  await signIn(page, info, `prelevement${day}@exemple.com`, "Prelevement-Demo-2026");
  const [y, m, d] = earliest.split("-");
  await expect(page.getByText(/Prochain prélèvement automatique :/)).toContainText(`le ${d}/${m}/${y}`);
  await expectAccessible(page);
});
