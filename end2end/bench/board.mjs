// Board benchmark in headless Chromium: cold open of a board with 400+ cards, and drop → next
// painted frame, as medians. The cold open is timed twice, from the start of the navigation, by
// the page's own clock: until every card is shown (the load event, the server's cards), and until
// the board answers (hydrated: Space on a card's handle lifts it, `aria-pressed` turns true; the
// page presses it every 4 ms from DOMContentLoaded on). Usage: node board.mjs BASE_URL BOARD_PATH
import { chromium } from '@playwright/test';

const [base, path] = process.argv.slice(2);
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const page = await context.newPage();
await page.goto(`${base}/dang-nhap`);
await page.getByLabel('Tên đăng nhập').fill('sarai');
await page.getByLabel('Mật khẩu').fill('tanhong');
await page.getByRole('button', { name: 'Đăng nhập' }).click();
await page.waitForURL(/\/xa\//);

const opens = [];
const answers = [];
let bytes = 0;
for (let i = 0; i < 7; i++) {
  let sent = 0;
  const cold = await context.browser().newContext({ viewport: { width: 1366, height: 900 }, storageState: await context.storageState() });
  const p = await cold.newPage();
  await p.addInitScript(() => {
    const poke = () => {
      const handle = document.querySelector('.card-handle');
      if (handle?.getAttribute('aria-pressed') === 'true') {
        window.__answered = performance.now();
        handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
        return;
      }
      handle?.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }));
      setTimeout(poke, 4);
    };
    document.addEventListener('DOMContentLoaded', poke);
  });
  // Bytes as sent: encoded (compressed) bodies plus headers, once each request has finished.
  p.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (sizes) sent += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  await p.goto(`${base}${path}`);
  await p.waitForFunction(() => document.querySelectorAll('.card-handle').length >= 400);
  await p.waitForFunction(() => window.__answered !== undefined, null, { timeout: 60000 });
  const [shown, answered] = await p.evaluate(() => [performance.getEntriesByType('navigation')[0].loadEventEnd, window.__answered]);
  opens.push(shown);
  answers.push(answered);
  await p.waitForLoadState('networkidle');
  await p.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  bytes = sent;
  await cold.close();
}
const cards = await (async () => {
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => document.querySelectorAll('.card-handle').length >= 400);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  return page.locator('.card-handle').count();
})();

// drop → next painted frame: time from pointerup to the frame after the DOM changed.
await page.evaluate(() => {
  window.__drops = [];
  document.addEventListener('pointerup', () => {
    const t0 = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__drops.push(performance.now() - t0);
      channel.port2.postMessage(0);
    });
  }, true);
});
const columns = page.locator('[data-column]');
const n = await columns.count();
for (let i = 0; i < 25; i++) {
  const handle = page.locator('[data-column="0"] .card-handle').first();
  const from = await handle.boundingBox();
  const to = await columns.nth(1 + (i % (n - 1))).boundingBox();
  await page.mouse.move(from.x + 10, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction((k) => window.__drops.length > k, i);
}
const drops = await page.evaluate(() => window.__drops);
console.log(`board with ${cards} cards, cold open, median over ${opens.length}: every card shown at ${Math.round(median(opens))} ms,`
  + ` the board answers at ${Math.round(median(answers))} ms (budget 500 ms); ${Math.round(bytes / 1024)} KB transferred`);
console.log(`drop → next painted frame: median ${median(drops).toFixed(1)} ms, max ${Math.max(...drops).toFixed(1)} ms over ${drops.length} drops (budget 50 ms)`);
await browser.close();
