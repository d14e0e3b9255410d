/*
 * The service worker, served at /sw.js so it covers the whole tool. The server puts
 * `const OFFLINE = {version, assets, shell, definitions}` before this text; any change to a
 * cached file changes the version, which installs a new worker and drops the old cache.
 *
 * What is kept: the styles, scripts and images (cache first: they change only with the
 * version; their addresses carry a hash of their content); the offline page in the
 * practitioner's language and the published question sets are kept by the pages (status.js),
 * and served here network first, the kept copy when there is no network. Any page asked for with no network
 * gets the offline page. Nothing else is kept: pages with personal data never are, and
 * requests that change something (POST) always go to the network, never to a cache.
 */
/* global OFFLINE */
"use strict";

const STATIC_CACHE = `screening-static-${OFFLINE.version}`;
const DATA_CACHE = "screening-offline-data";
const ASSETS = new Set(OFFLINE.assets);

// Only a real page or data answer, never a redirect to the sign-in page, is kept.
async function keep(cacheName, url, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    const cache = await caches.open(cacheName);
    await cache.put(url, response.clone());
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    await cache.addAll([...ASSETS]);
    // The offline page and the question sets are kept by the pages (status.js) once signed
    // in: fetching them here too sent each question set twice.
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("screening-static-") && name !== STATIC_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromCache(cacheName, url) {
  const cache = await caches.open(cacheName);
  return cache.match(url);
}

// A proxy's answer when the tool cannot be reached: as good as no network.
const UNREACHABLE = new Set([502, 503, 504]);

async function page(request) {
  const url = new URL(request.url);
  let response = null;
  try {
    response = await fetch(request);
  } catch (error) {
    response = null;
  }
  if (response && !UNREACHABLE.has(response.status)) {
    return url.pathname === OFFLINE.shell ? keep(DATA_CACHE, OFFLINE.shell, response) : response;
  }
  const shell = await fromCache(DATA_CACHE, OFFLINE.shell);
  if (shell) return shell;
  return response || new Response("<!doctype html><meta charset=utf-8><title>Offline</title>"
      + "<p>You are offline, and this device has no offline copy of the tool yet. Sign in "
      + "once while online on this device.</p>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function staticFile(request) {
  const kept = await fromCache(STATIC_CACHE, request.url);
  return kept || fetch(request);
}

async function definitions(request) {
  try {
    return await keep(DATA_CACHE, OFFLINE.definitions, await fetch(request));
  } catch (error) {
    const kept = await fromCache(DATA_CACHE, OFFLINE.definitions);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // A form sent with no network (a page of an online screening) also gets the offline page,
  // rather than the browser's error; other requests that change something go straight through.
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (request.method !== "GET") return;
  else if (ASSETS.has(url.pathname + url.search)) event.respondWith(staticFile(request));
  else if (url.pathname === OFFLINE.definitions) event.respondWith(definitions(request));
});
