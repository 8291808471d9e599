import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { expect, hydrated, signIn, test } from '../helpers';

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it stands. */
async function violations(page: Page): Promise<string[]> {
  await hydrated(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

test('the sign-in page has no serious accessibility violation', async ({ page }) => {
  await page.goto('/dang-nhap');
  expect(await violations(page)).toEqual([]);
  // The check sees what it must: an image without a text alternative is reported.
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="/favicon.ico" id="khong-chu-thich">'));
  expect((await violations(page)).join('\n')).toContain('image-alt');
  await page.evaluate(() => document.getElementById('khong-chu-thich')!.remove());
  // With an error shown too.
  await signIn(page, 'sarai', 'khong-dung');
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the district’s and the administrator’s pages have no serious accessibility violation', async ({ page }) => {
  await signIn(page, 'quantri');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  for (const [link, heading] of [
    ['Thiết lập', 'Thiết lập tổ chức'],
    ['Tổng quan', 'Tổng quan toàn huyện'],
    ['Báo cáo', /^Kết quả chuyển đảng viên/],
    ['Tổ chức', 'Tổ chức'],
    ['Đợt chuyển', 'Đợt chuyển sinh hoạt'],
    ['Tài khoản', 'Tài khoản'],
    ['Lịch sử', 'Lịch sử thay đổi'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    expect(await violations(page), link).toEqual([]);
  }
  await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' })).toBeVisible();
  expect(await violations(page), 'Đổi mật khẩu').toEqual([]);
});

test('a commune office’s and a secretary’s pages have no serious accessibility violation', async ({ page, browser }) => {
  await signIn(page, 'sarai');
  await expect(page.getByRole('heading', { level: 1, name: 'Thị trấn Sa Rài' })).toBeVisible();
  expect(await violations(page), 'commune page').toEqual([]);
  const member = page.getByRole('region', { name: 'Chi bộ Khóm 1' }).getByRole('list').getByRole('link').first();
  const name = (await member.textContent())!.trim();
  await member.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  expect(await violations(page), 'member page').toEqual([]);
  await page.goBack();
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Danh sách đảng viên — Thị trấn Sa Rài' })).toBeVisible();
  expect(await violations(page), 'register').toEqual([]);
  await page.getByRole('link', { name: 'Nhập danh sách từ Excel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập danh sách đảng viên' })).toBeVisible();
  expect(await violations(page), 'import').toEqual([]);
  await page.goBack();
  await page.goBack();
  await page.getByRole('link', { name: /^Bảng phân công 314-CV\/TU/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Bảng phân công chi bộ/ })).toBeVisible();
  expect(await violations(page), 'board').toEqual([]);

  const secretary = await (await browser.newContext()).newPage();
  await signIn(secretary, 'bithu.khom1');
  await expect(secretary.getByRole('heading', { level: 1, name: 'Chi bộ Khóm 1' })).toBeVisible();
  expect(await violations(secretary), 'branch page').toEqual([]);
});
