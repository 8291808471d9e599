import { BrowserContext, Page, Route } from '@playwright/test';
import { expect } from './helpers';

// `context.setOffline` does not cut the service worker's own requests; with service-worker
// network events on (playwright.config.ts), those are aborted here as a lost connection would.
const cutWorker = (route: Route) =>
  route.request().serviceWorker() ? route.abort('internetdisconnected') : route.continue();

export async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route('**/*', cutWorker);
}

export async function goOnline(context: BrowserContext) {
  await context.unroute('**/*', cutWorker);
  await context.setOffline(false);
}

/** Waits until the service worker keeps a copy of the page shown (so it opens offline). */
export async function pageKept(page: Page) {
  await expect
    .poll(() => page.evaluate(async () => Boolean(await caches.match(location.pathname + location.search))), { timeout: 15_000 })
    .toBe(true);
}

export const offlineBanner = (page: Page) => page.getByText('Đang mất kết nối mạng.');
export const unsentCount = (page: Page) => page.locator('.sync-outbox');
export const needsAttention = (page: Page) => page.getByRole('region', { name: /^Cần xử lý/ });
