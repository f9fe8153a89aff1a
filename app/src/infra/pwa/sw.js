// The Espace Locataire's service worker: it lets a phone install the portal
// and shows a page of our own when the network is gone. It caches only
// static files (the offline page, its style sheet, the icons), never a page
// or an answer holding a tenant's data, and never the WASM (the chunks of one
// build must come together, from the server).
const CACHE = "espace-locataire-v1";
const OFFLINE = "/hors-connexion";
const STATIC = [OFFLINE, "/pkg/app.css", "/icones/icone-192.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))),
  );
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Always the network; our page only when it cannot be reached.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  } else if (STATIC.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});
