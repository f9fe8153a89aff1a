import { expect, Page, test, TestInfo } from "@playwright/test";
import { answerCaptcha, expectAccessible, field, goto, linkIn, readMail, screenshot, submit } from "./helpers";

test.describe.configure({ mode: "serial" });

const EMAIL = "eloise.martin@exemple.com";

/** Fills and sends step 1: account number, last name, first name, birth date. */
async function step1(page: Page, info: TestInfo, values: [string, string, string, string]) {
  const labels = ["Numéro du compte client", "Nom", "Prénom", "Date de naissance"];
  for (const [i, label] of labels.entries()) await field(page, label).fill(values[i]);
  await answerCaptcha(page);
  await submit(page, info, "VALIDER");
}
const PASSWORD = "Tournesol-Violet-88";

test("step 1 refuses bad input field by field and keeps what was typed", async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await goto(page, info, "/inscription");
  await field(page, "Numéro du compte client").fill("12345");
  await field(page, "Nom").fill("Martin");
  await field(page, "Date de naissance").fill("01/01/2999");
  await submit(page, info, "VALIDER");
  await expect(page.locator("#champ-account_number-erreur")).toHaveText("Le numéro du compte client comporte 6 chiffres.");
  await expect(page.locator("#champ-first_name-erreur")).toHaveText("Saisissez votre prénom.");
  await expect(page.locator("#champ-birth_date-erreur")).toHaveText("La date de naissance ne peut pas être dans le futur.");
  await expect(page.locator("#champ-captcha_answer-erreur")).toHaveText("Répondez à la question, en chiffres.");
  await expect(field(page, "Numéro du compte client")).toHaveValue("12345");
  await expect(field(page, "Nom")).toHaveValue("Martin");
  await expectAccessible(page);
  await screenshot(page, info, "inscription-erreurs-360");
});

test("a wrong identity never says which field was wrong", async ({ page }, info) => {
  await goto(page, info, "/inscription");
  await step1(page, info, ["234567", "MARTIN", "Éloïse", "03/07/1990"]);
  await expect(page.getByRole("alert").first()).toContainText("Les informations saisies ne permettent pas de vous identifier");
  await expect(page.locator(".field-error")).toHaveCount(0);
});

test("registration from step 1 to activation, then sign in", async ({ page }, info) => {
  await goto(page, info, "/inscription");
  // Case, accents and extra spaces do not matter.
  await step1(page, info, [" 234567 ", "  martin ", "eloise", "02/07/1990"]);
  await expect(page).toHaveURL(/\/inscription\/etape-2$/);
  await expect(page.getByText("Au moins 8 caractères")).toBeVisible();
  await expect(field(page, "Votre nouveau mot de passe")).toHaveAttribute("aria-describedby", /regle-mot-de-passe/);

  await field(page, "Email").fill(EMAIL);
  await field(page, "Confirmez l'email").fill("autre@exemple.com");
  await field(page, "Votre nouveau mot de passe").fill("martin1990");
  await field(page, "Confirmez votre nouveau mot de passe").fill("martin1990");
  await submit(page, info, "VALIDER");
  await expect(page.locator("#champ-email_confirm-erreur")).toHaveText("Les deux adresses e-mail ne sont pas identiques.");
  await expect(page.locator("#champ-password-erreur")).toContainText("3 types");
  await expect(page.locator("#champ-cgu-erreur")).toContainText("conditions générales");
  await expect(field(page, "Email")).toHaveValue(EMAIL);
  await expectAccessible(page);

  await field(page, "Confirmez l'email").fill(EMAIL);
  await field(page, "Votre nouveau mot de passe").fill(PASSWORD);
  await field(page, "Confirmez votre nouveau mot de passe").fill(PASSWORD);
  await page.locator("#champ-cgu").check();
  await submit(page, info, "VALIDER");
  await expect(page.getByRole("status")).toContainText("Merci de votre inscription.");

  const link = linkIn(await readMail(info, EMAIL, /Activation de votre compte/));
  await page.goto(link);
  await expect(page.getByRole("status")).toContainText("Votre compte a été correctement activé");
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("Ce lien a déjà été utilisé.");

  await goto(page, info, "/connexion");
  await field(page, "Identifiant").fill(EMAIL);
  await field(page, "Mot de passe").fill(PASSWORD);
  await submit(page, info, "ME CONNECTER");
  await expect(page.locator(".account-line")).toHaveText("Compte Client n° 234567 / Logement 0023456");
});

test("the same signatory cannot register twice", async ({ page }, info) => {
  await goto(page, info, "/inscription");
  await step1(page, info, ["234567", "Martin", "Éloïse", "02/07/1990"]);
  await expect(page.getByRole("alert").first()).toContainText("ce compte a déjà un identifiant");
});
