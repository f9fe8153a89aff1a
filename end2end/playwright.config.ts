import { defineConfig } from "@playwright/test";

// Every spec runs twice: JavaScript on (the hydrated app) and off (plain HTML
// forms). Each run has its own server, database and outbox (scripts/e2e-server.sh),
// so the two never share a tenant's state.
const chromium = {
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export const PORTS = { js: 3210, nojs: 3211 };

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One worker: specs run in file order per project, so that account.spec
  // (Sophie's ledger) runs before password.spec changes her password.
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: { launchOptions: chromium, locale: "fr-FR", trace: "off" },
  projects: [
    { name: "js", use: { baseURL: `http://127.0.0.1:${PORTS.js}`, javaScriptEnabled: true } },
    { name: "nojs", use: { baseURL: `http://127.0.0.1:${PORTS.nojs}`, javaScriptEnabled: false } },
  ],
  webServer: (["js", "nojs"] as const).map((name) => ({
    command: `bash ../scripts/e2e-server.sh ${name} ${PORTS[name]}`,
    url: `http://127.0.0.1:${PORTS[name]}/connexion`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  })),
});
