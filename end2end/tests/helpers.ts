import { expect, Page, test, TestInfo } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as fs from "fs";
import * as path from "path";

export const DEMO = { email: "sophie@exemple.com", password: "Locataire-Demo-2026" };

export function jsOn(info: TestInfo): boolean {
  return info.project.name === "js";
}

/** A required field by its visible label (required labels end with " *"). */
export function field(page: Page, label: string) {
  return page.getByLabel(`${label} *`, { exact: true });
}

/** Signs in and waits for the home page. */
export async function signIn(page: Page, info: TestInfo, email: string, password: string) {
  await goto(page, info, "/connexion");
  await field(page, "Identifiant").fill(email);
  await field(page, "Mot de passe").fill(password);
  await submit(page, info, "ME CONNECTER");
  await expect(page.locator(".account-line")).toBeVisible();
  await ready(page, info);
}

/** Waits for the WASM to take over when JavaScript is on; nothing to wait for otherwise. */
export async function ready(page: Page, info: TestInfo) {
  if (jsOn(info)) {
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  }
}

export async function goto(page: Page, info: TestInfo, url: string) {
  await page.goto(url);
  await ready(page, info);
}

/** No axe-core violation, and no horizontal scrolling, on the page as it is now.
 * axe-core runs inside the page: with JavaScript off it checks a copy of the same
 * DOM in a page that may run it (same origin and styles; the WASM kept out so
 * the copy stays as served). */
export async function expectAccessible(page: Page) {
  let target = page;
  // Hydration starts at the browser's first idle moment: check the page it
  // leaves, not one half hydrated (pages of the app only: the test bank's and
  // the plain refusal pages have no hydration script).
  if ((await page.locator('script[type="module"]').count()) > 0) await ready(page, test.info());
  if (!jsOn(test.info())) {
    const ctx = await page.context().browser()!.newContext({ viewport: page.viewportSize(), bypassCSP: true, javaScriptEnabled: true });
    target = await ctx.newPage();
    const lang = (await page.locator("html").getAttribute("lang")) ?? "";
    const html = `<!DOCTYPE html><html lang="${lang}">${await page.locator("html").innerHTML()}</html>`;
    await target.route(/\/pkg\/app(_bg)?\.(js|wasm)$/, (r) => r.abort());
    await target.route(page.url(), (r) => r.fulfill({ body: html, contentType: "text/html; charset=utf-8" }));
    await target.goto(page.url());
  }
  try {
    const results = await new AxeBuilder({ page: target }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
    expect(summary).toEqual([]);
    const overflow = await target.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, `${page.url()} déborde horizontalement`).toBe(false);
  } finally {
    if (target !== page) await target.context().close();
  }
}

export async function screenshot(page: Page, info: TestInfo, name: string) {
  const dir = path.join(__dirname, "..", "test-results", "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}-${info.project.name}.png`), fullPage: true });
}

/** The anti-robot question, answered as a person would. */
export function solveCaptcha(question: string): string {
  const words = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
  const m = question.match(/Combien font (\S+) plus (\S+) \?/);
  if (!m) throw new Error(`question inattendue : ${question}`);
  return String(words.indexOf(m[1]) + words.indexOf(m[2]));
}

export async function answerCaptcha(page: Page) {
  const label = await page.locator("label[for=champ-captcha_answer]").innerText();
  await page.locator("#champ-captcha_answer").fill(solveCaptcha(label.replace(" *", "")));
}

/** Submits and waits for what follows: the server function's answer with JS,
 * the next page without. */
export async function submit(page: Page, info: TestInfo, button: string | RegExp) {
  // Before hydration a click posts the plain form; wait for the app to take over.
  await ready(page, info);
  const click = page.getByRole("button", { name: button }).first().click();
  if (jsOn(info)) {
    const answer = page.waitForResponse((r) => r.url().includes("/api/") && r.request().method() === "POST");
    await Promise.all([answer, click]);
  } else {
    await click;
    await page.waitForLoadState("load");
  }
}

/** DÉCONNEXION: a plain form post (with or without JavaScript), then Connexion. */
export async function signOut(page: Page) {
  await Promise.all([page.waitForURL(/\/connexion$/), page.getByRole("button", { name: "DÉCONNEXION" }).first().click()]);
}

function outboxDir(info: TestInfo): string {
  return path.join(__dirname, "..", ".data", info.project.name, "outbox");
}

/** Headers as they are; the body (quoted-printable) decoded. */
function decodeBody(mail: string): string {
  const i = mail.indexOf("\r\n\r\n");
  return i < 0 ? mail : mail.slice(0, i + 4) + decodeQuotedPrintable(mail.slice(i + 4));
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** The newest mail sent to `to` whose subject matches, once the server has written it. */
export async function readMail(info: TestInfo, to: string, subject: RegExp): Promise<string> {
  const dir = outboxDir(info);
  for (let i = 0; i < 50; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")) : [];
    const mails = files
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .map(({ f }) => decodeBody(fs.readFileSync(path.join(dir, f), "utf8")));
    const found = mails.find((m) => m.includes(`To: ${to}`) && subject.test(decodeSubject(m)));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`aucun mail « ${subject} » pour ${to}`);
}

/** The Subject header, unfolded, its encoded words (RFC 2047, base64) decoded in place. */
function decodeSubject(mail: string): string {
  const unfolded = mail.replace(/\r?\n[ \t]+/g, " ");
  const line = (unfolded.split(/\r?\n/).find((l) => l.startsWith("Subject: ")) ?? "").slice(9);
  return line
    .replace(/\?=\s+=\?utf-8\?b\?/gi, "?==?utf-8?b?")
    .replace(/(=\?utf-8\?b\?[^?]+\?=)+/gi, (run) =>
      Buffer.concat([...run.matchAll(/=\?utf-8\?b\?([^?]+)\?=/gi)].map((m) => Buffer.from(m[1], "base64"))).toString("utf8"),
    );
}

export function linkIn(mail: string): string {
  const m = mail.match(/https?:\/\/\S+jeton=[A-Za-z0-9_-]+/);
  if (!m) throw new Error("pas de lien dans le mail");
  return m[0];
}

/** Sends a form that carries files: with JavaScript, through XMLHttpRequest
 * (to the page itself, with a progress bar); without, a plain post. */
export async function sendFiles(page: Page, info: TestInfo, button: string | RegExp) {
  await ready(page, info);
  const click = page.getByRole("button", { name: button }).first().click();
  if (jsOn(info)) {
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && (r.request().headers()["accept"] ?? "").includes("application/json"));
    await Promise.all([answer, click]);
    await page.waitForLoadState("load");
  } else {
    await click;
    await page.waitForLoadState("load");
  }
}

/** Real files to attach, written once in the results folder. */
export function sampleFile(name: "attestation.pdf" | "photo.png" | "faux.pdf"): string {
  const dir = path.join(__dirname, "..", "test-results", "fichiers");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const contents: Record<string, Buffer> = {
    "attestation.pdf": Buffer.from(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    ),
    "photo.png": Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    ),
    "faux.pdf": Buffer.from("Ceci n'est pas un PDF, seulement du texte renommé."),
  };
  fs.writeFileSync(file, contents[name]);
  return file;
}

/** The 6-digit TOTP code (RFC 6238, SHA-1, 30 s) of a base32 key, as an
 * authenticator app shows it. */
export function totp(secret: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) key.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hmac = require("crypto").createHmac("sha1", Buffer.from(key)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return ((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}
