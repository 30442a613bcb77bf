// The phone page's service worker (served as /j/sw.js, scope /j/): a phone that reopens its
// workshop page without a network still gets the page, with its drafts and offline queue
// (both in the phone's localStorage, see offline.js).
//
// It touches only two kinds of requests, both GET and same-origin:
// - the phone page /j/<code>/ideas as a navigation: network first; a 200 answer is kept in a
//   cache of that workshop's own ("phone-<code>"), and the kept copy is served only when the
//   network fails. No other page, no API, JSON or stream answer is ever kept.
// - /static/ files the page uses: network first too, the kept copy when offline. Their
//   addresses carry the file's hash (?v=...): a new version replaces the kept older one.
// Everything else passes through untouched. Nothing from another host is fetched or kept.
const VERSION = "1";
const STATIC_CACHE = `static-v${VERSION}`;
const PAGE_PREFIX = "phone-";
const PHONE_PAGE = /^\/j\/([A-Za-z0-9_-]{1,64})\/ideas$/;
const NETWORK_TIMEOUT_MS = 6000;

const pageCache = (code) => `${PAGE_PREFIX}${code}-v${VERSION}`;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // caches of an older version of this worker go
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => !name.endsWith(`-v${VERSION}`))
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

function sameOrigin(url) {
  return url.origin === self.location.origin;
}

async function fromNetwork(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// Only a complete, successful, storable answer is kept.
const keepable = (response) =>
  response && response.status === 200 && response.type === "basic" &&
  !/no-store/.test(response.headers.get("Cache-Control") || "");

// A static file is kept under its address with its hash; older versions of it go.
async function keep(cache, key, response) {
  await cache.put(key, response);
  if (!key.startsWith("/static/")) return;
  const path = key.split("?")[0];
  const older = (await cache.keys()).filter((kept) => {
    const url = new URL(kept.url);
    return url.pathname === path && url.pathname + url.search !== key;
  });
  await Promise.all(older.map((kept) => cache.delete(kept)));
}

async function networkFirst(request, cacheName, key) {
  try {
    const response = await fromNetwork(request);
    if (keepable(response)) {
      const cache = await caches.open(cacheName);
      await keep(cache, key, response.clone());
    } else if (response.status === 404 && cacheName.startsWith(PAGE_PREFIX)) {
      await caches.delete(cacheName); // the workshop is gone: so is its page
    }
    return response;
  } catch (error) {
    const cache = await caches.open(cacheName);
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!sameOrigin(url)) return;
  const page = url.pathname.match(PHONE_PAGE);
  if (page && request.mode === "navigate") {
    event.respondWith(networkFirst(request, pageCache(page[1]), url.pathname));
  } else if (url.pathname.startsWith("/static/") && !url.pathname.startsWith("/static/vendor/axe")) {
    event.respondWith(networkFirst(request, STATIC_CACHE, url.pathname + url.search));
  }
});

// The page asks to keep itself and the files it loaded: the first visit is not served
// through the worker yet (it starts afterwards), so without this the first offline
// reopening would find nothing. The copies come from the browser's HTTP cache where it
// has them ("force-cache": the page and the files just loaded), so keeping them costs the
// phone no second download; only what the cache lacks is fetched.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep") return;
  event.waitUntil(
    (async () => {
      const page = typeof data.page === "string" ? data.page.match(PHONE_PAGE) : null;
      if (page) {
        try {
          const response = await fromNetwork(
            new Request(data.page, { credentials: "same-origin", cache: "force-cache" }),
          );
          if (keepable(response)) await (await caches.open(pageCache(page[1]))).put(data.page, response);
        } catch (error) {
          // offline: kept with the next visit
        }
      }
      const assets = (Array.isArray(data.assets) ? data.assets : []).filter(
        (path) => typeof path === "string" && path.startsWith("/static/") && !path.includes(".."),
      );
      const cache = await caches.open(STATIC_CACHE);
      const kept = await Promise.all(
        assets.map(async (path) => {
          try {
            const response = await fromNetwork(new Request(path, { credentials: "same-origin", cache: "force-cache" }));
            if (!keepable(response)) return false;
            await keep(cache, path, response);
            return true;
          } catch (error) {
            return false; // offline: kept with the next visit
          }
        }),
      );
      if (event.source) event.source.postMessage({ type: "kept", assets: kept.filter(Boolean).length });
    })(),
  );
});
