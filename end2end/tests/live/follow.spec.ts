import { expect, hydrated, signIn, test } from '../helpers';
import { goOffline, goOnline, unsentCount } from '../offline-helpers';

// Changes Khóm 1's meetings and ratings: runs with the live tests, before the board's.
test.describe.configure({ mode: 'serial' });

test('a branch secretary records this month’s meeting on a phone, offline, and the district sees it live', async ({ browser }) => {
  const district = await browser.newContext();
  const overview = await district.newPage();
  await signIn(overview, 'bantochuc');
  await expect(overview.getByRole('heading', { level: 1, name: 'Tổng quan toàn huyện' })).toBeVisible();
  await hydrated(overview);
  await expect(overview.getByText('Số liệu được cập nhật trực tiếp.')).toBeVisible();
  const sarai = overview.getByRole('table', { name: 'Theo xã, thị trấn' }).getByRole('row', { name: /Thị trấn Sa Rài/ });
  const attendance = sarai.getByRole('cell').nth(4);
  const before = (await attendance.textContent())!;
  expect(before).toMatch(/^\d+%$/);
  await overview.evaluate(() => ((window as any).__notReloaded = true));

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await signIn(page, 'bithu.khom1');
  // The secretary lands on the branch.
  await expect(page.getByRole('heading', { level: 1, name: 'Chi bộ Khóm 1' })).toBeVisible();
  await hydrated(page);
  // This month in Vietnam (UTC+7), as the server counts it.
  const vn = new Date(Date.now() + 7 * 3600_000);
  const month = `${String(vn.getUTCMonth() + 1).padStart(2, '0')}/${vn.getUTCFullYear()}`;
  const sheet = page.getByRole('form', { name: `Sinh hoạt tháng ${month}` });
  const lines = sheet.getByRole('group');
  const count = await lines.count();
  expect(count).toBeGreaterThan(2);
  // Everyone is present by default: a few taps for those who were not, and who contributed.
  await expect(sheet.getByText(`Có mặt ${count}/${count}`)).toBeVisible();

  await goOffline(phone);
  for (let i = 0; i < count - 1; i++) {
    await lines.nth(i).getByLabel('Vắng có lý do').tap();
  }
  await expect(lines.first().getByLabel('Phát biểu')).toBeDisabled();
  await lines.nth(count - 1).getByLabel('Góp ý xây dựng nghị quyết').tap();
  await expect(sheet.getByText(`Có mặt 1/${count}`)).toBeVisible();
  await sheet.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Đã ghi nhận trên máy này; sẽ tự gửi khi có mạng.' })).toBeVisible();
  await expect(unsentCount(page)).toContainText('1 thay đổi chưa gửi');

  // Back online: sent, and the district's attendance rate for Sa Rài drops without a reload.
  await goOnline(phone);
  await expect(unsentCount(page)).toHaveCount(0, { timeout: 15_000 });
  await expect(attendance).not.toHaveText(before, { timeout: 10_000 });
  expect(await overview.evaluate(() => (window as any).__notReloaded)).toBe(true);
  await expect(page.getByRole('table', { name: 'Các buổi sinh hoạt gần đây' }).getByRole('row').nth(1)).toContainText(`1/${count}`);

  // Reopened, the page shows the meeting recorded this month: the next save edits it.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Sinh hoạt tháng ${month} \\(đã ghi ngày`) })).toBeVisible();

  // Proposals of ratings: the branch proposes, the choice is kept.
  const year = vn.getUTCFullYear();
  const proposals = page.getByRole('form', { name: `Đề xuất xếp loại năm ${year}` });
  const first = proposals.getByRole('combobox').first();
  const name = (await proposals.locator('label').first().textContent())!;
  await first.selectOption({ label: 'Hoàn thành tốt nhiệm vụ' });
  await proposals.getByRole('button', { name: 'Lưu đề xuất' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Đã ghi nhận' })).toBeVisible();
  await expect(unsentCount(page)).toHaveCount(0, { timeout: 15_000 });
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('form', { name: `Đề xuất xếp loại năm ${year}` }).getByLabel(name, { exact: true })).toHaveValue('good');
  await phone.close();
  await district.close();
});

test('the commune office sees the secretary’s attendance on the branch page without a reload', async ({ browser }) => {
  const office = await browser.newContext();
  const officePage = await office.newPage();
  await signIn(officePage, 'sarai');
  await officePage.getByRole('link', { name: 'Chi bộ Khóm 1', exact: true }).click();
  await expect(officePage.getByRole('heading', { level: 1, name: 'Chi bộ Khóm 1' })).toBeVisible();
  await hydrated(officePage);
  await expect.poll(() => officePage.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith('/base'))), { timeout: 15_000 }).toBe(true);
  await officePage.evaluate(() => ((window as any).__notReloaded = true));
  const latest = officePage.getByRole('table', { name: 'Các buổi sinh hoạt gần đây' }).getByRole('row').nth(1);

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await signIn(page, 'bithu.khom1');
  await hydrated(page);
  // This month's meeting, recorded by the test before with one member present.
  const sheet = page.getByRole('form', { name: /^Sinh hoạt tháng/ });
  const lines = sheet.getByRole('group');
  const count = await lines.count();
  await expect(sheet.getByText(`Có mặt 1/${count}`)).toBeVisible();
  await expect(latest).toContainText(`1/${count}`);
  await lines.first().getByLabel('Có mặt').tap();
  await expect(sheet.getByText(`Có mặt 2/${count}`)).toBeVisible();
  await sheet.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Đã ghi nhận' })).toBeVisible();

  // The office's page follows, live.
  await expect(latest).toContainText(`2/${count}`, { timeout: 5_000 });
  expect(await officePage.evaluate(() => (window as any).__notReloaded)).toBe(true);
  await phone.close();
  await office.close();
});
