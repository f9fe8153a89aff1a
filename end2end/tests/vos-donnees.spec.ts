import { expect, test } from "@playwright/test";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expectAccessible, field, goto, jsOn, readMail, signIn, submit } from "./helpers";

// After registration.spec in file order: the tenants used here are no
// longer needed by any other spec of the run.
test.describe.configure({ mode: "serial" });

const PAUL = { email: "paul.bernard@exemple.com", password: "Parking-Balay-1962", account: "456789" };
const CLOSING = { email: "prelevement15@exemple.com", password: "Prelevement-Demo-2026" };

test("every page's footer leads to the legal pages", async ({ page }, info) => {
  await goto(page, info, "/connexion");
  const footer = page.locator("footer");
  await expect(footer).toContainText("Accessibilité : partiellement conforme");
  const pages: [string, string, string][] = [
    ["Mentions légales", "Mentions légales", "Directeur de la publication"],
    ["Données personnelles", "Politique de confidentialité", "Délégué à la protection des données"],
    ["Plan du site", "Plan du site", "Mes données personnelles"],
    ["Déclaration d'accessibilité", "Déclaration d'accessibilité", "Défenseur des droits"],
  ];
  for (const [link, title, text] of pages) {
    await footer.getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.locator("main")).toContainText(text);
  }
  await page.getByRole("link", { name: "Inscription locataire" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Première inscription");
});

test("Mes données: a ZIP of the tenant's own data", async ({ page }, info) => {
  await signIn(page, info, PAUL.email, PAUL.password);
  await goto(page, info, "/mes-donnees");
  await expect(page.getByText("Vous n'avez demandé aucune copie.")).toBeVisible();
  await submit(page, info, "PRÉPARER UNE COPIE DE MES DONNÉES");
  const link = page.getByRole("link", { name: /télécharger \(ZIP/ });
  await expect(link).toBeVisible({ timeout: 20_000 });
  const href = (await link.getAttribute("href"))!;
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  const file = path.join(__dirname, "..", "test-results", `mes-donnees-${info.project.name}.zip`);
  fs.writeFileSync(file, await res.body());
  const json = JSON.parse(
    execFileSync("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('donnees.json').decode())", file]).toString(),
  );
  expect(json.compte[0].number).toBe(PAUL.account);
  expect(json.identifiant[0].email).toBe(PAUL.email);
  expect(JSON.stringify(json)).not.toContain("sophie");
  // Another session, signed out: the same address leads to Connexion.
  const other = await page.context().browser()!.newContext();
  const anonymous = await other.request.get(new URL(href, page.url()).toString(), { maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  await other.close();
});

test("Fermer mon accès: confirmed by the password, then the login is gone", async ({ page }, info) => {
  await signIn(page, info, CLOSING.email, CLOSING.password);
  await goto(page, info, "/fermer-mon-acces");
  await field(page, "Mot de passe actuel").fill(CLOSING.password);
  await submit(page, info, "FERMER MON ACCÈS");
  await expect(page.locator("#champ-confirmation-erreur")).toContainText("Cochez la case");
  await field(page, "Mot de passe actuel").fill(CLOSING.password);
  await page.getByLabel("Je confirme vouloir fermer mon accès à l'Espace Locataire *").check();
  await submit(page, info, "FERMER MON ACCÈS");
  await expect(page.getByRole("status")).toContainText("Votre accès à l'Espace Locataire est fermé");
  await readMail(info, CLOSING.email, /Votre accès à l'Espace Locataire est fermé/);
  await goto(page, info, "/connexion");
  await field(page, "Identifiant").fill(CLOSING.email);
  await field(page, "Mot de passe").fill(CLOSING.password);
  await submit(page, info, "ME CONNECTER");
  await expect(page.getByRole("alert").first()).toHaveText("Identifiant ou mot de passe incorrect.");
});

test("installable: the manifest, the service worker and the offline page", async ({ page }, info) => {
  await goto(page, info, "/connexion");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await res.json();
  expect(manifest.display).toBe("standalone");
  expect(manifest.start_url).toBe("/");
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(manifest.shortcuts.map((s: { name: string }) => s.name)).toEqual(["Je règle mon loyer en ligne", "Nous contacter"]);
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).headers()["content-type"]).toBe("image/png");
  if (!jsOn(info)) return; // a service worker needs JavaScript
  const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(script).toMatch(/\/sw\.js$/);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.context().setOffline(true);
  await page.goto("/mon-compte");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vous êtes hors connexion");
  await expect(page.getByRole("alert")).toContainText("ne sont jamais conservées sur ce téléphone");
  await expectAccessible(page);
  await page.context().setOffline(false);
});
