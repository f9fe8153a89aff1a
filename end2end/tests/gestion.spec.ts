import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, field, goto, readMail, screenshot, signIn, signOut, submit, totp } from "./helpers";

// The demo's agent (agence Centre Ville) and its published TOTP key.
const STAFF = { email: "agent@habitat-demo.fr", password: "Gestion-Demo-2026", totp: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" };

test("a tenant sends, an agent answers from the inbox, the tenant sees the answer", async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, info, DEMO.email, DEMO.password);
  await goto(page, info, "/nous-contacter");
  await page.getByRole("radio", { name: "Demande technique" }).check();
  await field(page, "Votre message").fill("La porte du hall ne ferme plus.");
  await Promise.all([page.waitForURL(/envoi=\d{9}/), page.getByRole("button", { name: "VALIDER" }).click()]);
  const number = new URL(page.url()).searchParams.get("envoi")!;
  await signOut(page);

  // A tenant's session never opens the back office.
  await goto(page, info, "/gestion/connexion");
  await field(page, "Identifiant").fill(STAFF.email);
  await field(page, "Mot de passe").fill(STAFF.password);
  await field(page, "Code de vérification").fill("000000");
  await submit(page, info, "ME CONNECTER");
  await expect(page.getByRole("alert").first()).toContainText("Identifiant, mot de passe ou code incorrect.");
  await field(page, "Mot de passe").fill(STAFF.password);
  await field(page, "Code de vérification").fill(totp(STAFF.totp));
  await submit(page, info, "ME CONNECTER");
  await expect(page).toHaveURL(/\/gestion$/);
  const row = page.locator(".inbox tbody tr", { hasText: `Demande écrite n° ${number}` });
  await expect(row).toContainText("Sophie DUPONT");
  await expectAccessible(page);
  await screenshot(page, info, "gestion-boite-1280");
  await page.setViewportSize({ width: 360, height: 800 });
  await expectAccessible(page);
  await screenshot(page, info, "gestion-boite-360");

  await Promise.all([page.waitForURL(/\/gestion\/demandes\/\d+$/), row.getByRole("link").click()]);
  await expect(page.locator(".message-body").first()).toContainText("La porte du hall ne ferme plus.");
  await page.getByLabel("Nouvel avancement *").selectOption({ label: "Répondue" });
  await page.getByLabel(/Réponse au locataire/).fill("Le serrurier passe demain matin.");
  await submit(page, info, "ENREGISTRER");
  await expect(page.locator(".facts")).toContainText("Répondue");
  await expectAccessible(page);
  await screenshot(page, info, "gestion-demande-360");
  await Promise.all([page.waitForURL(/\/gestion\/connexion$/), page.getByRole("button", { name: "DÉCONNEXION" }).click()]);

  await readMail(info, DEMO.email, new RegExp(`Votre demande n° ${number} : Répondue`));
  await signIn(page, info, DEMO.email, DEMO.password);
  await expect(page.getByText(`Votre demande écrite n° ${number} : répondue.`)).toBeVisible();
  await goto(page, info, "/nous-contacter");
  const mine = page.locator(".requests tbody tr", { hasText: `Demande n° ${number}` });
  await expect(mine).toContainText("Répondue");
  await expect(mine).toContainText("Réponse : Le serrurier passe demain matin.");
});
