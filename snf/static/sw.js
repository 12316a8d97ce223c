const CONFIG = {"version": "dev", "shell": []};
// ^ replaced with this version's values when served at /sw.js (offline_views.py).
//
// The service worker of the tablet pages.
// - snf-shell-<version>: the app shell (CSS, JS, manifest, icons), cache first.
// - snf-pages-<version>-u<user>: one user's pages (the inspection list, the
//   checklists, their photos), network first; offline the cached copy.
// - snf-meta: which user the last page belonged to (the X-SNF-User header).
// Drafts, photos and the send queue live in IndexedDB (offline.js), never here:
// an app update replaces caches, never the inspector's work. A new worker
// waits until no page uses the old one (offline.js lets it take over on the
// inspection list, where nothing is being typed); activating removes only the
// caches of older versions, after copying their pages over.
"use strict";

const PREFIX = "snf-";
const SHELL = PREFIX + "shell-" + CONFIG.version;
const PAGES = PREFIX + "pages-" + CONFIG.version + "-u";
const META = PREFIX + "meta";
const USER_KEY = "/__snf/user";
// Pages a user may keep offline: the list and one inspection (checklist or report).
const PAGE_PATH = /^\/inspections(\/\d+)?$/;
const PHOTO_PATH = /^\/attachments\/\d+$/;

function pagesCache(user) { return PAGES + user; }

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(CONFIG.shell); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(cleanOldCaches().then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  const data = event.data || {};
  const port = event.ports[0];
  const reply = function (value) { if (port) port.postMessage(value); };
  if (data.type === "skip-waiting") { self.skipWaiting(); reply({}); return; }
  let work;
  if (data.type === "save-pages") work = savePages(String(data.user), data.pages || []);
  else if (data.type === "forget-pages") work = forgetPages(String(data.user), data.urls || []);
  else if (data.type === "cached-pages") work = cachedPages(String(data.user));
  else if (data.type === "forget-user") work = forgetUser(String(data.user));
  else if (data.type === "user") work = rememberUser(data.user ? String(data.user) : "").then(function () { return {}; });
  else work = Promise.resolve({ error: "unknown message" });
  event.waitUntil(work.then(reply, function (error) { reply({ error: String(error) }); }));
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") { event.respondWith(navigate(request, url)); return; }
  if (url.pathname.startsWith("/static/")) { event.respondWith(asset(request)); return; }
  if (PHOTO_PATH.test(url.pathname)) event.respondWith(photo(request, url));
  // Everything else (the API above all) goes to the network untouched: the
  // pages keep their own queue of what could not be sent.
});

// -- the user whose pages may be shown --------------------------------------
// Known at once in memory (messages are handled concurrently), kept in
// snf-meta for when the browser restarts the worker.
let knownUser = null;

function currentUser() {
  if (knownUser !== null) return Promise.resolve(knownUser);
  return caches.open(META)
    .then(function (cache) { return cache.match(USER_KEY); })
    .then(function (response) { return response ? response.text() : ""; })
    .then(function (user) { if (knownUser === null) knownUser = user; return knownUser; });
}

function rememberUser(user) {
  knownUser = user;
  return caches.open(META).then(function (cache) {
    return user ? cache.put(USER_KEY, new Response(user)) : cache.delete(USER_KEY);
  });
}

function fromThisSite(response) {
  return response.type === "basic" && new URL(response.url || self.location.href).origin === self.location.origin;
}

// -- navigations: network first, the user's cached copy offline -------------
function navigate(request, url) {
  return fetch(request).then(function (response) {
    if (!fromThisSite(response)) return response;
    const user = response.headers.get("X-SNF-User") || "";
    const work = [rememberUser(user)];
    if (user && response.ok && !response.redirected && !url.search && PAGE_PATH.test(url.pathname)) {
      work.push(caches.open(pagesCache(user)).then(function (cache) { return cache.put(url.pathname, response.clone()); }));
    }
    return Promise.all(work).then(function () { return response; }, function () { return response; });
  }, function () {
    return offlinePage(url);
  });
}

function offlinePage(url) {
  return currentUser().then(function (user) {
    if (!user) return Response.error();
    return caches.open(pagesCache(user)).then(function (cache) {
      return cache.match(url.pathname, { ignoreVary: true }).then(function (hit) {
        if (hit) return hit;
        // Not kept on this tablet: the list shows what is.
        return cache.match("/inspections", { ignoreVary: true }).then(function (list) {
          return list ? Response.redirect("/inspections", 302) : Response.error();
        });
      });
    });
  });
}

// -- assets: the shell from the cache, the rest from the network ------------
function asset(request) {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

// -- photos of kept inspections ----------------------------------------------
function photo(request, url) {
  return fetch(request).then(function (response) {
    const user = response.headers.get("X-SNF-User");
    if (user && response.ok) {
      const copy = response.clone();
      keepFor(user, function () {
        return caches.open(pagesCache(user)).then(function (cache) { return cache.put(url.pathname, copy); });
      });
    }
    return response;
  }, function () {
    return currentUser().then(function (user) {
      if (!user) return Response.error();
      return caches.open(pagesCache(user)).then(function (cache) {
        return cache.match(url.pathname, { ignoreVary: true });
      }).then(function (hit) { return hit || Response.error(); });
    });
  });
}

// -- what the pages ask for ---------------------------------------------------
// pages: [{url: "/inspections/7", copy: "/inspections/7/offline"}]; the copy is
// fetched and kept under the page's own address, with the photos it shows.
function savePages(user, pages) {
  return currentUser().then(function (current) {
    return current === user ? savePagesOf(user, pages) : { results: [], cached: [] };
  });
}

function savePagesOf(user, pages) {
  return caches.open(pagesCache(user)).then(function (cache) {
    return Promise.all(pages.map(function (page) {
      return fetch(page.copy || page.url, { credentials: "same-origin" }).then(function (response) {
        const owner = response.headers.get("X-SNF-User");
        if (!response.ok || response.redirected || owner !== user) throw new Error(String(response.status));
        return response.clone().text().then(function (html) {
          return keepFor(user, function () {
            return cache.put(page.url, response).then(function () { return savePhotos(cache, html); });
          });
        });
      }).then(function () { return { url: page.url, ok: true }; },
        function (error) { return { url: page.url, ok: false, error: String(error) }; });
    }));
  }).then(function (results) {
    return cachedPages(user).then(function (cached) { return { results: results, cached: cached.cached }; });
  });
}

function savePhotos(cache, html) {
  const urls = [];
  const pattern = /src="(\/attachments\/\d+)"/g;
  let match;
  while ((match = pattern.exec(html)) !== null) urls.push(match[1]);
  return Promise.all(urls.map(function (photoUrl) {
    return cache.match(photoUrl).then(function (hit) {
      if (hit) return null;
      return fetch(photoUrl, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? cache.put(photoUrl, response) : null;
      }).catch(function () { return null; });
    });
  }));
}

function forgetPages(user, urls) {
  return Promise.all(urls.map(function (url) {
    return caches.open(pagesCache(user)).then(function (cache) { return cache.delete(url); });
  })).then(function () { return cachedPages(user); });
}

// Only for the user of the last page: a page fetched just before that user
// logged out is not written back into the caches the logout removed.
function keepFor(user, write) {
  return currentUser().then(function (current) { return current === user ? write() : null; });
}

function cachedPages(user) {
  const name = pagesCache(user);
  return caches.has(name).then(function (exists) {
    return exists ? caches.open(name).then(function (cache) { return cache.keys(); }) : [];
  }).then(function (requests) {
    return { cached: requests.map(function (r) { return new URL(r.url).pathname; }) };
  });
}

function forgetUser(user) {
  const suffix = "-u" + user;
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.startsWith(PREFIX) && name.endsWith(suffix);
    }).map(function (name) { return caches.delete(name); }));
  }).then(currentUser).then(function (current) {
    return current === user ? rememberUser("") : null;
  }).then(function () { return {}; });
}

// -- activation: keep this version's caches, move the pages, drop the rest --
function cleanOldCaches() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.startsWith(PREFIX) && name !== META && name !== SHELL && !name.startsWith(PAGES);
    }).map(function (name) {
      const user = /^snf-pages-.+-u(\d+)$/.exec(name);
      const moved = user ? copyCache(name, pagesCache(user[1])) : Promise.resolve();
      return moved.then(function () { return caches.delete(name); });
    }));
  });
}

function copyCache(from, to) {
  return Promise.all([caches.open(from), caches.open(to)]).then(function (pair) {
    return pair[0].keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return pair[1].match(request).then(function (hit) {
          if (hit) return null;
          return pair[0].match(request).then(function (response) { return pair[1].put(request, response); });
        });
      }));
    });
  });
}
