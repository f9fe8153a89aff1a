import { expect, test } from "@playwright/test";
import { expectAccessible, field, goto, signOut, submit } from "./helpers";

const PAUL = { email: "paul.bernard@exemple.com", password: "Parking-Balay-1962" };

test("a wrong password is refused in French and the identifier stays typed", async ({ page }, info) => {
  await goto(page, info, "/connexion");
  await field(page, "Identifiant").fill(PAUL.email);
  await field(page, "Mot de passe").fill("pas-le-bon");
  await submit(page, info, "ME CONNECTER");
  await expect(page.getByRole("alert").first()).toHaveText("Identifiant ou mot de passe incorrect.");
  await expect(field(page, "Identifiant")).toHaveValue(PAUL.email);
  await expectAccessible(page);
});

test("an unknown address gets exactly the same answer as a wrong password", async ({ page }, info) => {
  await goto(page, info, "/connexion");
  await field(page, "Identifiant").fill("personne@exemple.com");
  await field(page, "Mot de passe").fill("pas-le-bon");
  await submit(page, info, "ME CONNECTER");
  await expect(page.getByRole("alert").first()).toHaveText("Identifiant ou mot de passe incorrect.");
});

test("sign in shows the account line and the menu, sign out closes the session", async ({ page }, info) => {
  await goto(page, info, "/mon-compte");
  await expect(page).toHaveURL(/\/connexion$/);
  await field(page, "Identifiant").fill(PAUL.email);
  await field(page, "Mot de passe").fill(PAUL.password);
  await submit(page, info, "ME CONNECTER");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(".account-line")).toHaveText("Compte Client n° 456789 / Stationnement 0045678");
  await expect(page.getByRole("link", { name: "Je règle mon loyer en ligne" }).first()).toBeAttached();
  await expectAccessible(page);
  await goto(page, info, "/mon-compte");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mon compte");
  await signOut(page);
  await expect(page).toHaveURL(/\/connexion$/);
  await goto(page, info, "/mon-compte");
  await expect(page).toHaveURL(/\/connexion$/);
});

test("empty fields are refused next to the field", async ({ page }, info) => {
  await goto(page, info, "/connexion");
  await submit(page, info, "ME CONNECTER");
  await expect(page.locator("#champ-email-erreur")).toHaveText("Saisissez votre adresse e-mail.");
  await expect(field(page, "Identifiant")).toHaveAttribute("aria-invalid", "true");
});
