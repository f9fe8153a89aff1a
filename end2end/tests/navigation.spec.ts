import { expect, Page, test } from "@playwright/test";
import { DEMO, jsOn, signIn } from "./helpers";

// Every page but Connexion comes in the WASM chunk of its group (lazy
// routes, `cargo leptos build --split`). Once hydrated, the menu navigates in
// place: each entry must fetch what it lacks, show its page, and raise no
// error; and a tenant must never download the back office's code.
const MENU: [string, string, string][] = [
  ["Nous contacter", "/nous-contacter", "Nous contacter"],
  ["Mon compte", "/mon-compte", "Mon compte"],
  ["Ma résidence", "/ma-residence", "Ma résidence"],
  ["Je règle mon loyer en ligne", "/paiement", "Je règle mon loyer en ligne"],
  ["Prélèvements automatiques", "/prelevements", "Je gère mes prélèvements automatiques"],
  ["Mes réclamations", "/reclamations", "Mes réclamations"],
  ["Mes informations personnelles", "/informations-personnelles", "Mes informations personnelles"],
  ["J'envoie mon attestation d'assurance", "/assurance", "J'envoie mon attestation d'assurance"],
  ["Documents divers", "/documents", "Documents divers"],
  ["Changement du mot de passe", "/changement-mot-de-passe", "Changement du mot de passe"],
  ["Changement de l'identifiant", "/changement-identifiant", "Changement de l'identifiant"],
  ["Mes données", "/mes-donnees", "Mes données"],
  ["Fermer mon accès", "/fermer-mon-acces", "Fermer mon accès"],
  ["Accueil", "/", "Accueil"],
];

/** Console errors and uncaught exceptions, as they come. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** The WASM files the page fetched, by name. */
function watchWasm(page: Page): Set<string> {
  const files = new Set<string>();
  page.on("request", (r) => {
    const m = /\/pkg\/([^/?]+\.wasm)/.exec(r.url());
    if (m) files.add(m[1]);
  });
  return files;
}

test("the menu navigates in place through every page, each chunk fetched, no error", async ({ page }, info) => {
  test.skip(!jsOn(info), "client-side navigation needs JavaScript");
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchErrors(page);
  const wasm = watchWasm(page);
  await signIn(page, info, DEMO.email, DEMO.password);
  // A mark in the page's memory: a full page load would wipe it.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  const menu = page.locator(".menu-desktop");
  for (const [label, url, heading] of MENU) {
    await menu.getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(menu.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
    expect(await page.evaluate(() => (window as any).__sameDocument), `${url} was a full page load`).toBe(true);
  }
  expect(errors).toEqual([]);

  // What a tenant downloaded: the main module and tenant chunks, never the
  // back office's (its split point is `staff_pages`).
  const manifest: Record<string, string[]> = await (await page.request.get("/pkg/__wasm_split_manifest.json")).json();
  const staff = new Set(Object.entries(manifest).filter(([id]) => /staff/i.test(id)).flatMap(([, f]) => f));
  const tenant = new Set(Object.entries(manifest).filter(([id]) => !/staff/i.test(id)).flatMap(([, f]) => f));
  const staffOnly = [...staff].filter((f) => !tenant.has(f));
  expect(staffOnly.length, "the back office has chunks of its own").toBeGreaterThan(0);
  const fetched = [...wasm].map((f) => f.replace(/\.wasm$/, ""));
  expect(fetched.filter((f) => staffOnly.includes(f))).toEqual([]);
  expect(fetched.length, "pages came in chunks").toBeGreaterThan(2);
  // Grouped split points keep the files a page needs few.
  const most = Math.max(...Object.values(manifest).map((f) => f.length));
  expect(most).toBeLessThanOrEqual(12);
});

test("a page opened directly hydrates with only its own chunks", async ({ page }, info) => {
  test.skip(!jsOn(info), "hydration needs JavaScript");
  const errors = watchErrors(page);
  const wasm = watchWasm(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/connexion");
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  // Connexion is in the main module: nothing but it is fetched.
  expect([...wasm]).toEqual(["app.wasm"]);
  await page.locator(".menu-desktop").getByRole("link", { name: "Inscription locataire" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Première inscription");
  expect(wasm.size, "Inscription came with its chunk").toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test("every page opened directly hydrates without a console or hydration error", async ({ page }, info) => {
  test.skip(!jsOn(info), "hydration needs JavaScript");
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const url of ["/", "/inscription", "/mot-de-passe-oublie", "/inscription/nouveau-lien", "/cgu", "/info/inscription"]) {
    await page.goto(url);
    await expect(page.locator("html[data-hydrated]"), url).toHaveCount(1);
  }
  await signIn(page, info, DEMO.email, DEMO.password);
  for (const [, url, heading] of MENU) {
    await page.goto(url);
    await expect(page.locator("html[data-hydrated]"), url).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  }
  expect(errors).toEqual([]);
});
