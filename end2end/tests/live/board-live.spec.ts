import { column, openBoard, saved } from '../board-helpers';
import { expect, test } from '../helpers';

// Moves a Thông Bình card: runs with the live tests, before the board's (which only confirm
// Thông Bình's campaign, whatever is planned).
test.describe.configure({ mode: 'serial' });

/** Waits until the device holds its scope (its first pull is done; the live feed follows). */
async function synced(page: import('@playwright/test').Page) {
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith('/base'))), { timeout: 15_000 }).toBe(true);
}

test('two offices of one commune on the board: a move in one shows in the other at once, without a reload', async ({ browser }) => {
  const [a, b] = [await browser.newContext(), await browser.newContext()];
  const [pageA, pageB] = [await a.newPage(), await b.newPage()];
  await openBoard(pageA, 'thongbinh');
  await openBoard(pageB, 'thongbinh');
  await synced(pageA);
  await synced(pageB);
  await pageB.evaluate(() => ((window as any).__notReloaded = true));
  const card = column(pageA, 'Chờ phân công').getByRole('listitem').first();
  const name = (await card.locator('.card-handle').textContent())!.replace('⠿', '').trim();
  const target = 'Chi bộ Ấp Chiến Thắng';
  await card.getByRole('button', { name: 'Chuyển đến…' }).click();
  await pageA.getByRole('menu', { name: `Chuyển ${name} đến` }).getByRole('menuitem', { name: target }).click();
  await expect(column(pageA, target).locator('.card-handle', { hasText: name })).toHaveCount(1);
  // The other office polls every 10 s while its live feed is down: 2 s means the feed brought it.
  await expect(column(pageB, target).locator('.card-handle', { hasText: name })).toHaveCount(1, { timeout: 2_000 });
  await expect(column(pageB, 'Chờ phân công').locator('.card-handle', { hasText: name })).toHaveCount(0);
  expect(await pageB.evaluate(() => (window as any).__notReloaded)).toBe(true);
  await saved(pageA);
  await a.close();
  await b.close();
});
