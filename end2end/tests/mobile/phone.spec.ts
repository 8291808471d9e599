import { expect, signIn, test, tile } from '../helpers';

test('the overview reads on a 360-px phone without sideways scrolling', async ({ page }) => {
  await signIn(page, 'bantochuc');
  await expect(await tile(page, 'đảng viên đã chuyển về chi bộ ấp, khóm')).toContainText('285');
  const row = page.getByRole('table', { name: 'Theo xã, thị trấn' }).getByRole('row').filter({ hasText: 'Thị trấn Sa Rài' });
  await expect(row).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the commune page reads on a 360-px phone', async ({ page }) => {
  await signIn(page, 'sarai');
  await expect(page.getByRole('heading', { level: 1, name: 'Thị trấn Sa Rài' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Chi bộ Khóm 1' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the administrator’s set-up pages fit a 360-px phone: no form runs off the side', async ({ page }) => {
  await signIn(page, 'quantri');
  await expect(page.getByRole('heading', { level: 1, name: 'Thiết lập tổ chức' })).toBeVisible();
  for (const path of ['/quan-tri', '/quan-tri/to-chuc', '/quan-tri/dot-chuyen', '/quan-tri/tai-khoan', '/lich-su']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.id || e.textContent),
    );
    expect(wide, path).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1), path).toBe(true);
  }
});

test('the member form fits a 360-px phone', async ({ page }) => {
  await signIn(page, 'sarai');
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Danh sách đảng viên — Thị trấn Sa Rài' })).toBeVisible();
  await page.getByText('Thêm đảng viên', { exact: true }).first().click();
  await expect(page.getByRole('form', { name: 'Thêm đảng viên' }).getByLabel('Công việc')).toBeVisible();
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('form input, form select, form button')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.id || e.textContent),
  );
  expect(wide).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
});
