// BranchBoard's service worker (ARCHITECTURE.md, "Offline app shell"). scripts/build-site.sh
// fills in the build's version and hashed asset names; a new build is a new worker, which
// replaces the caches of the old one when it activates.
const VERSION = '__VERSION__';
const ASSETS = [__ASSETS__];
const SHELL = `branchboard-shell-${VERSION}`;
const PAGES = `branchboard-pages-${VERSION}`;

// The install downloads every asset again, the wasm's pieces among them (about 500 KB): only once
// the page that registered the worker answers (its `precache` message, see `ui/shell.rs`), or
// 5 s after this worker started, so that a first visit's own wasm has the line and the processor
// to itself.
let precacheNow;
const mayPrecache = new Promise((resolve) => {
  precacheNow = resolve;
  setTimeout(resolve, 5000);
});

self.addEventListener('install', (event) => {
  event.waitUntil(
    mayPrecache
      .then(() => caches.open(SHELL))
      .then((cache) => cache.addAll(ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL && n !== PAGES).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// Shown when there is no connection, the page was never opened here, and the shell is missing.
const OFFLINE_PAGE = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Không có kết nối · BranchBoard</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>Không có kết nối mạng</h1>
<p>Trang này chưa từng được mở trên máy này nên chưa có bản lưu để dùng khi mất mạng.
Các thay đổi bạn đã nhập vẫn được giữ trên máy và sẽ được gửi khi có mạng.</p>
<p><a href="/">Về trang chính</a> · <a href="javascript:history.back()">Quay lại</a></p>
</body></html>`;

// A page opened inside the app (no navigation request reached the worker): keep a copy too.
self.addEventListener('message', (event) => {
  if (event.data && event.data.precache) precacheNow();
  const path = event.data && event.data.keep;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('/api/') || path.startsWith('/pkg/')) return;
  event.waitUntil(
    fetch(path, { credentials: 'same-origin' })
      .then((response) => {
        if (response.ok && !response.redirected) return caches.open(PAGES).then((cache) => cache.put(path, response));
      })
      .catch(() => {}),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/api/auth/logout') {
    // Signing out forgets the pages kept for this account (the unsent changes stay).
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/pkg/') || ASSETS.includes(url.pathname)) {
    // Hashed names never change, and the shell's own files belong to this build: the cache first.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    // Pages: the network first (fresh data); without a connection the last copy of this page,
    // or the app shell (the app then mounts in the browser from the local store).
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected && response.type === 'basic') {
            const copy = response.clone();
            event.waitUntil(caches.open(PAGES).then((cache) => cache.put(url.pathname + url.search, copy)));
          }
          return response;
        })
        .catch(() =>
          caches
            .open(PAGES)
            .then((cache) => cache.match(url.pathname + url.search))
            .then((hit) => hit || caches.match('/app-shell.html'))
            .then((hit) => hit || new Response(OFFLINE_PAGE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } })),
        ),
    );
  }
});
