import { expect, test } from "@playwright/test";
import { DEMO, field, goto, linkIn, readMail, signIn, submit } from "./helpers";

test.describe.configure({ mode: "serial" });

const RESET = "Chardon-Bleu-2027";
const CHANGED = "Colline-Verte-5150";
const CLAIRE = { email: "claire.petit@exemple.com", password: "Gambetta-Claire-1979", next: "claire.p@exemple.com" };

async function tryLogin(page, info, email: string, password: string) {
  await goto(page, info, "/connexion");
  await field(page, "Identifiant").fill(email);
  await field(page, "Mot de passe").fill(password);
  await submit(page, info, "ME CONNECTER");
}

test("password reset: the same answer for any address, a single-use link", async ({ page }, info) => {
  for (const email of ["inconnu@exemple.com", DEMO.email]) {
    await goto(page, info, "/mot-de-passe-oublie");
    await field(page, "Email").fill(email);
    await submit(page, info, "VALIDER");
    await expect(page.getByRole("status")).toContainText("Si cette adresse correspond à un compte, un mail vient de vous être envoyé");
  }
  const link = linkIn(await readMail(info, DEMO.email, /Réinitialisation/));
  await page.goto(link);
  await field(page, "Votre nouveau mot de passe").fill("court");
  await field(page, "Confirmez votre nouveau mot de passe").fill("court");
  await submit(page, info, "VALIDER");
  await expect(page.locator("#champ-password-erreur")).toContainText("au moins 8 caractères");
  await field(page, "Votre nouveau mot de passe").fill(RESET);
  await field(page, "Confirmez votre nouveau mot de passe").fill(RESET);
  await submit(page, info, "VALIDER");
  await expect(page.getByRole("status")).toContainText("Votre mot de passe a été modifié");
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("Ce lien a déjà été utilisé.");

  await tryLogin(page, info, DEMO.email, DEMO.password);
  await expect(page.getByRole("alert").first()).toHaveText("Identifiant ou mot de passe incorrect.");
  await signIn(page, info, DEMO.email, RESET);
  await expect(page.locator(".account-line")).toContainText("123456");
});

test("changing the password needs the current one", async ({ page }, info) => {
  await signIn(page, info, DEMO.email, RESET);
  await goto(page, info, "/changement-mot-de-passe");
  await field(page, "Mot de passe actuel").fill("pas-le-bon");
  await field(page, "Votre nouveau mot de passe").fill(CHANGED);
  await field(page, "Confirmez votre nouveau mot de passe").fill(CHANGED);
  await submit(page, info, "VALIDER");
  await expect(page.locator("#champ-current_password-erreur")).toHaveText("Le mot de passe actuel est incorrect.");
  await field(page, "Mot de passe actuel").fill(RESET);
  await field(page, "Votre nouveau mot de passe").fill(CHANGED);
  await field(page, "Confirmez votre nouveau mot de passe").fill(CHANGED);
  await submit(page, info, "VALIDER");
  await expect(page.getByRole("status")).toContainText("Votre mot de passe a été modifié");
  // This session goes on.
  await goto(page, info, "/mon-compte");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mon compte");
});

test("changing the identifier: confirmed from the new address, the old one told", async ({ page }, info) => {
  await signIn(page, info, CLAIRE.email, CLAIRE.password);
  await goto(page, info, "/changement-identifiant");
  await field(page, "Nouvel identifiant (email)").fill(CLAIRE.next);
  await field(page, "Confirmez le nouvel identifiant").fill(CLAIRE.next);
  await field(page, "Mot de passe actuel").fill(CLAIRE.password);
  await submit(page, info, "VALIDER");
  await expect(page.getByRole("status")).toContainText("Un mail de confirmation vient d'être envoyé");
  await readMail(info, CLAIRE.email, /Demande de changement de votre identifiant/);
  const link = linkIn(await readMail(info, CLAIRE.next, /Confirmez votre nouvel identifiant/));
  await page.goto(link);
  await expect(page.getByRole("status")).toContainText("Votre identifiant a été modifié");
  await readMail(info, CLAIRE.email, /Votre identifiant a été modifié/);
  // Confirming closes every session of the login, this browser's too.
  await page.goto("/mon-compte");
  await expect(page).toHaveURL(/\/connexion$/);
  await signIn(page, info, CLAIRE.next, CLAIRE.password);
  await expect(page.locator(".account-line")).toContainText("567890");
});
