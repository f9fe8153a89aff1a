import { expect, Page, test, TestInfo } from "@playwright/test";
import * as fs from "fs";
import { DEMO, expectAccessible, goto, jsOn, ready, screenshot, signIn } from "./helpers";

const lastYear = new Date().getFullYear() - 1;

/** Clicks and returns the downloaded file's bytes and name. */
async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(saved!) };
}

async function asSophie(page: Page, info: TestInfo, width = 360) {
  await page.setViewportSize({ width, height: 800 });
  await signIn(page, info, DEMO.email, DEMO.password);
}

test("Accueil says the balance; Mon compte shows the ledger by period and page", async ({ page }, info) => {
  await asSophie(page, info);
  await expect(page.locator(".balance")).toContainText("votre solde est de 575,00");
  await expect(page.getByRole("status").filter({ hasText: "reste à régler" })).toBeVisible();
  await page.getByRole("link", { name: "Mon compte" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mon compte");
  await expect(page.locator(".ledger caption")).toHaveText("Les 12 derniers mois, page 1 sur 3");
  await expect(page.getByRole("img", { name: /Solde en fin de mois/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, "mon-compte-360");
  await page.getByLabel("Période").selectOption(String(lastYear));
  await page.getByRole("button", { name: "AFFICHER" }).click();
  await expect(page.locator(".ledger caption")).toHaveText(`Année ${lastYear}, page 1 sur 3`);
  await page.getByRole("link", { name: "Page suivante" }).click();
  await expect(page.locator(".ledger caption")).toHaveText(`Année ${lastYear}, page 2 sur 3`);
  await expect(page.locator(".ledger")).toContainText(`Régularisation des charges ${lastYear - 1}`);
});

test("the relevé de compte downloads as a PDF; wrong dates come back next to the fields", async ({ page }, info) => {
  await asSophie(page, info, 1280);
  await goto(page, info, "/mon-compte");
  await page.getByLabel("Du", { exact: true }).fill(`${lastYear}-01-01`);
  await page.getByLabel("Au", { exact: true }).fill(`${lastYear}-12-31`);
  const pdf = await download(page, () => page.getByRole("button", { name: /TÉLÉCHARGER LE RELEVÉ/ }).click());
  expect(pdf.name).toBe(`releve-${lastYear}-01-01-${lastYear}-12-31.pdf`);
  expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  await page.getByLabel("Du", { exact: true }).fill(`${lastYear}-12-31`);
  await page.getByLabel("Au", { exact: true }).fill(`${lastYear}-01-01`);
  await page.getByRole("button", { name: /TÉLÉCHARGER LE RELEVÉ/ }).click();
  await expect(page.getByRole("alert")).toHaveText(/La date de début doit précéder la date de fin/);
  await expect(page.getByLabel("Du", { exact: true })).toHaveValue(`${lastYear}-12-31`);
  await expect(page.getByLabel("Du", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await ready(page, info);
  await expectAccessible(page);
});

test("Documents divers: notices and a quittance download as PDF", async ({ page }, info) => {
  await asSophie(page, info);
  await goto(page, info, "/documents");
  await expect(page.locator(".documents li")).toHaveCount(5);
  await expectAccessible(page);
  await screenshot(page, info, "documents-360");
  const notice = await download(page, () => page.getByRole("link", { name: /TÉLÉCHARGER Avis d'échéance/ }).first().click());
  expect(notice.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const receipt = await download(page, () => page.getByRole("button", { name: /TÉLÉCHARGER LA QUITTANCE/ }).click());
  expect(receipt.name).toMatch(/^quittance-\d{4}-\d{2}\.pdf$/);
  expect(receipt.bytes.subarray(0, 5).toString()).toBe("%PDF-");
});

test("Ma résidence lists both leases; the header switches the lease the pages refer to", async ({ page }, info) => {
  await asSophie(page, info);
  await goto(page, info, "/ma-residence");
  await expect(page.getByRole("heading", { level: 2, name: /Logement 0012345/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Garage 0098765/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, info, "ma-residence-360");
  await expect(page.locator(".account-line")).toHaveText("Compte Client n° 123456 / Logement 0012345");
  await page.getByLabel("Location affichée", { exact: true }).selectOption("0098765");
  await page.getByRole("button", { name: "CHANGER" }).click();
  await expect(page.locator(".account-line")).toHaveText("Compte Client n° 123456 / Garage 0098765");
  await expect(page).toHaveURL(/\/ma-residence$/);
  // Back to the dwelling, so that other specs see the usual header.
  await page.getByLabel("Location affichée", { exact: true }).selectOption("0012345");
  await page.getByRole("button", { name: "CHANGER" }).click();
  await expect(page.locator(".account-line")).toHaveText("Compte Client n° 123456 / Logement 0012345");
  if (jsOn(info)) await ready(page, info);
});

