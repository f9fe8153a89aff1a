import { expect, test } from "@playwright/test";
import { expectAccessible, goto, screenshot, signIn } from "./helpers";

const PUBLIC = ["/", "/connexion", "/inscription", "/mot-de-passe-oublie", "/inscription/nouveau-lien", "/cgu", "/info/inscription", "/mentions-legales", "/confidentialite", "/accessibilite", "/plan-du-site"];
const SIGNED_IN = ["/", "/changement-mot-de-passe", "/changement-identifiant", "/mon-compte", "/ma-residence", "/documents", "/paiement", "/prelevements", "/nous-contacter", "/reclamations", "/informations-personnelles", "/assurance", "/mes-donnees", "/fermer-mon-acces"];

for (const width of [360, 1280]) {
  test(`public pages at ${width} px: accessible, no horizontal scrolling`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 800 });
    for (const url of PUBLIC) {
      await goto(page, info, url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, info, `${url.replaceAll("/", "_") || "_"}-${width}`);
    }
  });

  test(`signed-in pages at ${width} px: accessible, menu reachable`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 800 });
    await signIn(page, info, "paul.bernard@exemple.com", "Parking-Balay-1962");
    for (const url of SIGNED_IN) {
      await goto(page, info, url);
      await expectAccessible(page);
      await screenshot(page, info, `connecte${url.replaceAll("/", "_")}-${width}`);
    }
    if (width === 360) {
      await page.getByText("Menu", { exact: true }).click();
      await expect(page.locator(".menu-mobile").getByRole("link", { name: "Mes réclamations" })).toBeVisible();
    } else {
      await expect(page.locator(".menu-desktop").getByRole("link", { name: "Mes réclamations" })).toBeVisible();
    }
  });
}

test("an unknown page answers 404 in French", async ({ page }, info) => {
  const res = await page.goto("/nulle-part");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
  await expectAccessible(page);
});
