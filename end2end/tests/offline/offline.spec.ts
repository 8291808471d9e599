import { chromium } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, guardPolicy, hydrated, signIn, test, watchErrors } from '../helpers';
import { column, count, handles, openBoard, saved, source } from '../board-helpers';
import { goOffline, goOnline, needsAttention, offlineBanner, pageKept, unsentCount } from '../offline-helpers';

// These tests change the demo data (An Phước, Bình Phú): they run in order, before the board's
// last test confirms every commune.
test.describe.configure({ mode: 'serial' });

const nameOf = async (card: import('@playwright/test').Locator) => (await card.locator('.card-handle').textContent())!.replace('⠿', '').trim();

/** Moves the card of `name` with its "Chuyển đến…" menu. */
async function moveWithMenu(page: import('@playwright/test').Page, name: string, to: string) {
  const card = page.getByRole('listitem').filter({ has: page.locator('.card-handle', { hasText: name }) });
  await card.getByRole('button', { name: 'Chuyển đến…' }).click();
  await page.getByRole('menu', { name: `Chuyển ${name} đến` }).getByRole('menuitem', { name: to }).click();
}

const cardIn = (page: import('@playwright/test').Page, columnName: string, name: string) =>
  column(page, columnName).getByRole('listitem').filter({ has: page.locator('.card-handle', { hasText: name }) });

test('a move made offline survives a reload, is sent when the connection returns, and reaches another browser', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openBoard(page, 'anphuoc');
  await pageKept(page);
  const name = await nameOf(source(page).getByRole('listitem').first());

  await goOffline(context);
  await expect(offlineBanner(page)).toBeVisible();
  await moveWithMenu(page, name, 'Chi bộ Ấp An Lạc');
  await expect(cardIn(page, 'Chi bộ Ấp An Lạc', name).getByText('Chưa gửi')).toBeVisible();
  await expect(unsentCount(page)).toContainText('1 thay đổi chưa gửi');

  // Reloaded with no connection: the service worker's copy, with the change still on top.
  const reply = await page.reload();
  expect(reply?.fromServiceWorker()).toBe(true);
  await hydrated(page);
  await expect(offlineBanner(page)).toBeVisible();
  await expect(cardIn(page, 'Chi bộ Ấp An Lạc', name).getByText('Chưa gửi')).toBeVisible();
  await expect(handles(page, 'Chờ phân công').filter({ hasText: name })).toHaveCount(0);

  await goOnline(context);
  await saved(page);
  await expect(offlineBanner(page)).toHaveCount(0);
  await expect(unsentCount(page)).toHaveCount(0);
  await expect(cardIn(page, 'Chi bộ Ấp An Lạc', name).getByText('Chưa gửi')).toHaveCount(0);

  // Another browser sees it from the server.
  const other = await browser.newContext();
  const second = await other.newPage();
  await openBoard(second, 'anphuoc');
  await expect(cardIn(second, 'Chi bộ Ấp An Lạc', name)).toHaveCount(1);
  await other.close();
  await context.close();
});

test('two browsers offline move the same member: the first to sync wins, the second decides in "Cần xử lý"', async ({ browser }) => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  await openBoard(pageA, 'anphuoc');
  await openBoard(pageB, 'anphuoc');
  const name = await nameOf(source(pageA).getByRole('listitem').first());

  await goOffline(a);
  await goOffline(b);
  await moveWithMenu(pageA, name, 'Chi bộ Ấp Phước Tiên');
  await moveWithMenu(pageB, name, 'Chi bộ Ấp Phước Lộc');
  await expect(cardIn(pageA, 'Chi bộ Ấp Phước Tiên', name).getByText('Chưa gửi')).toBeVisible();
  await expect(cardIn(pageB, 'Chi bộ Ấp Phước Lộc', name).getByText('Chưa gửi')).toBeVisible();

  await goOnline(a);
  await saved(pageA);
  await goOnline(b);
  const attention = needsAttention(pageB);
  await expect(attention.getByRole('heading')).toHaveText('Cần xử lý (1)');
  const item = attention.getByRole('listitem', { name: `Phân công ${name}` });
  await expect(item).toContainText('Xung đột: người khác đã thay đổi trước');
  await expect(item.getByRole('definition')).toHaveText(['Chi bộ Ấp Phước Lộc', 'Chi bộ Ấp Phước Tiên']);
  // Until B decides, B's board shows the server's value and B's own value waits in the list.
  await expect(cardIn(pageB, 'Chi bộ Ấp Phước Tiên', name)).toHaveCount(1);

  await item.getByRole('button', { name: 'Giữ thay đổi của tôi' }).click();
  await expect(attention).toHaveCount(0);
  await expect(cardIn(pageB, 'Chi bộ Ấp Phước Lộc', name)).toHaveCount(1);
  await saved(pageB);

  // A's next pull brings B's decision.
  await pageA.reload();
  await expect(cardIn(pageA, 'Chi bộ Ấp Phước Lộc', name)).toHaveCount(1);
  await a.close();
  await b.close();
});

test('the outbox survives closing the browser and opening it again with no connection', async () => {
  test.setTimeout(60_000);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'branchboard-profile-'));
  const options = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], baseURL: test.info().project.use.baseURL };
  let context = await chromium.launchPersistentContext(profile, options);
  guardPolicy(context);
  let page = context.pages()[0] ?? (await context.newPage());
  await openBoard(page, 'binhphu');
  await pageKept(page);
  const url = page.url();
  const name = await nameOf(source(page).getByRole('listitem').first());
  await goOffline(context);
  await moveWithMenu(page, name, 'Chi bộ Ấp Gò Da');
  await expect(cardIn(page, 'Chi bộ Ấp Gò Da', name).getByText('Chưa gửi')).toBeVisible();
  await context.close();

  context = await chromium.launchPersistentContext(profile, options);
  guardPolicy(context);
  await goOffline(context);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await hydrated(page);
  await expect(cardIn(page, 'Chi bộ Ấp Gò Da', name).getByText('Chưa gửi')).toBeVisible();
  await expect(unsentCount(page)).toContainText('1 thay đổi chưa gửi');
  await goOnline(context);
  await saved(page);
  await page.reload();
  await expect(cardIn(page, 'Chi bộ Ấp Gò Da', name)).toHaveCount(1);
  await expect(cardIn(page, 'Chi bộ Ấp Gò Da', name).getByText('Chưa gửi')).toHaveCount(0);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

test('a board never opened on this device opens offline from the local store', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'tancongchi');
  const link = page.getByRole('link', { name: /^Bảng phân công 314-CV\/TU/ });
  await expect(link).toBeVisible();
  await hydrated(page);
  const href = (await link.getAttribute('href'))!;
  // The device has pulled its scope, and the service worker holds the app shell.
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith('/base'))), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => page.evaluate(async () => Boolean(await caches.match('/app-shell.html'))), { timeout: 15_000 }).toBe(true);

  await goOffline(context);
  const reply = await page.goto(href);
  expect(reply?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Bảng phân công chi bộ — Xã Tân Công Chí' })).toBeVisible();
  await expect(offlineBanner(page)).toBeVisible();
  await expect(count(page, 'Chờ phân công')).toHaveText('6');
  const name = await nameOf(source(page).getByRole('listitem').first());
  await moveWithMenu(page, name, 'Chi bộ Ấp Công Chí');
  await expect(cardIn(page, 'Chi bộ Ấp Công Chí', name).getByText('Chưa gửi')).toBeVisible();

  await goOnline(context);
  await saved(page);
  await page.reload();
  await expect(cardIn(page, 'Chi bộ Ấp Công Chí', name)).toHaveCount(1);
  await expect(count(page, 'Chờ phân công')).toHaveText('5');
  await context.close();
});

// Every page but the board lives in its own piece of the wasm, loaded when the page opens; a
// piece that cannot be loaded would stop the app, so the service worker keeps every one.
test('pages split from the board’s code open with no connection: one kept on the device, and one never opened here', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, 'sarai');
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  const heading = page.getByRole('heading', { level: 1, name: 'Danh sách đảng viên — Thị trấn Sa Rài' });
  await expect(heading).toBeVisible();
  await hydrated(page);
  await pageKept(page);
  await expect.poll(() => page.evaluate(async () => Boolean(await caches.match('/app-shell.html'))), { timeout: 15_000 }).toBe(true);

  // The register, reopened offline from its kept copy, answers the search (its code ran).
  await goOffline(context);
  const reply = await page.reload();
  expect(reply?.fromServiceWorker()).toBe(true);
  await expect(heading).toBeVisible();
  await hydrated(page);
  await expect(offlineBanner(page)).toBeVisible();
  const rows = page.getByRole('table', { name: 'Danh sách đảng viên' }).getByRole('row');
  const total = (await rows.count()) - 1;
  const name = (await rows.nth(1).getByRole('rowheader').innerText()).trim();
  await page.getByLabel('Tìm đảng viên (gõ có dấu hoặc không dấu)').fill(name);
  await expect(page.getByText(new RegExp(`^\\d+ trong ${total} đảng viên$`))).toBeVisible();
  expect(await rows.count()).toBeLessThan(total + 1);

  // A page never opened on this device: the app shell, then that page's code from the worker.
  await page.goto('/doi-mat-khau');
  await expect(page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Đổi mật khẩu' });
  await form.getByLabel('Mật khẩu đang dùng').fill('tanhong');
  await form.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-2025');
  await form.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-2025');
  await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(form.getByRole('alert')).toContainText('Không kết nối được với máy chủ');
  expect(errors).toEqual([]);
  await goOnline(context);
  await context.close();
});

test('with the browser storage full, a move is refused with a warning and nothing stored is lost', async ({ page }) => {
  await openBoard(page, 'tanphuoc');
  await pageKept(page);
  const [first, second] = [await nameOf(source(page).getByRole('listitem').nth(0)), await nameOf(source(page).getByRole('listitem').nth(1))];
  await goOffline(page.context());
  await moveWithMenu(page, first, 'Chi bộ Ấp Chợ');
  await expect(cardIn(page, 'Chi bộ Ấp Chợ', first).getByText('Chưa gửi')).toBeVisible();
  const outbox = () => page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith('/outbox'))?.[1]);
  const stored = await outbox();
  // Fill the origin's storage to its quota.
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; ; i++) {
      try { localStorage.setItem(`filler-${i}`, chunk); } catch { break; }
    }
    for (let size = 16 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try { localStorage.setItem(`filler-small-${size}`, 'x'.repeat(size)); } catch { /* next size */ }
    }
    // Chromium lets a value that is replaced grow a little past the quota: use that up too.
    for (let size = 64 * 1024; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try { localStorage.setItem('filler-0', localStorage.getItem('filler-0') + 'x'.repeat(size)); } catch { break; }
      }
    }
  });
  await moveWithMenu(page, second, 'Chi bộ Ấp Chợ');
  await expect(page.getByRole('alert').first()).toContainText('Bộ nhớ của trình duyệt trên máy này đã đầy');
  await expect(handles(page, 'Chờ phân công').filter({ hasText: second })).toHaveCount(1);
  expect(await outbox()).toBe(stored);
  // Space again: the move goes through, and both reach the server once online.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
  await moveWithMenu(page, second, 'Chi bộ Ấp Chợ');
  await expect(cardIn(page, 'Chi bộ Ấp Chợ', second).getByText('Chưa gửi')).toBeVisible();
  await expect(unsentCount(page)).toContainText('2 thay đổi chưa gửi');
  await goOnline(page.context());
  await saved(page);
  await expect(unsentCount(page)).toHaveCount(0);
});

test('two tabs of one account: one keeps the changes, the other says so and takes over when the first closes', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await openBoard(first, 'tanthanhb');
  const second = await context.newPage();
  await second.goto(first.url());
  await hydrated(second);
  const elsewhere = second.getByText('BranchBoard đang mở ở một thẻ khác.');
  await expect(elsewhere).toBeVisible();
  const name = await nameOf(source(second).getByRole('listitem').first());
  await moveWithMenu(second, name, 'Chi bộ Ấp Tân Lập');
  await expect(second.getByRole('alert')).toContainText('đang mở ở một thẻ khác của trình duyệt này');
  await expect(handles(second, 'Chờ phân công').filter({ hasText: name })).toHaveCount(1);
  await first.close();
  await expect(elsewhere).toHaveCount(0, { timeout: 10_000 });
  await moveWithMenu(second, name, 'Chi bộ Ấp Tân Lập');
  await expect(cardIn(second, 'Chi bộ Ấp Tân Lập', name)).toHaveCount(1);
  await saved(second);
  await context.close();
});

test('a session that expired offline keeps the changes until the user signs in again', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openBoard(page, 'binhphu');
  const name = await nameOf(source(page).getByRole('listitem').first());
  await goOffline(context);
  await moveWithMenu(page, name, 'Chi bộ Ấp Bình Hòa');
  await context.clearCookies();
  await goOnline(context);
  await expect(page.getByRole('alert')).toContainText('Phiên đăng nhập đã hết hạn.');
  await expect(unsentCount(page)).toContainText('1 thay đổi chưa gửi');
  await signIn(page, 'binhphu');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(unsentCount(page)).toHaveCount(0);
  await page.getByRole('link', { name: /^Bảng phân công 314-CV\/TU/ }).click();
  await expect(cardIn(page, 'Chi bộ Ấp Bình Hòa', name)).toHaveCount(1);
  await expect(cardIn(page, 'Chi bộ Ấp Bình Hòa', name).getByText('Chưa gửi')).toHaveCount(0);
  await context.close();
});
