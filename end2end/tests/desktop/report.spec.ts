import { readFile } from 'node:fs/promises';
import { expect, hydrated, signIn, test, watchErrors } from '../helpers';

test('the district reads the report written from live data, downloads it and prints it', async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, 'bantochuc');
  await page.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Báo cáo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Kết quả chuyển đảng viên công tác tại xã/ })).toBeVisible();
  await hydrated(page);
  const lead = page.getByText(/^Căn cứ Hướng dẫn số 21-HD\/BTCTU/);
  await expect(lead).toContainText(
    'kết quả đến ngày 20/01/2019 đã giải thể 09/09 chi bộ cơ quan xã, thị trấn, chuyển 285 đảng viên là cán bộ, công chức, ' +
      'những người hoạt động không chuyên trách xã, thị trấn về sinh hoạt đảng tại 38 chi bộ ấp, khóm.',
  );
  await expect(lead).toContainText('các xã đang lập kế hoạch chuyển 54 đồng chí đảng viên là công an xã không chính quy');

  // The tables behind the paragraph: the district's row adds up to the paragraph's figures.
  const transfers = page.getByRole('table', { name: 'Bảng 1. Kết quả chuyển sinh hoạt đảng' });
  const total = transfers.getByRole('row', { name: /^Toàn huyện/ });
  await expect(total.getByRole('cell').first()).toHaveText('09/09');
  await expect(total.getByRole('cell').nth(1)).toHaveText('285');
  await expect(total.getByRole('cell').nth(2)).toHaveText('38');
  await expect(page.getByRole('table', { name: 'Bảng 2. Phân công nhiệm vụ và tham gia sinh hoạt chi bộ' })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Bảng 3. Xếp loại đảng viên đã chuyển năm \d{4}$/ })).toBeVisible();

  // The two files.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải về Excel (XLSX)' }).click()]);
  expect(xlsx.suggestedFilename()).toBe('bao-cao-chuyen-sinh-hoat.xlsx');
  const workbook = await readFile((await xlsx.path())!);
  expect(workbook.subarray(0, 2).toString()).toBe('PK');
  // An Office Open XML package with the three tables' sheets (their content is read back with a
  // real reader in the Rust tests).
  expect(workbook.includes(Buffer.from('xl/worksheets/sheet3.xml'))).toBe(true);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải về CSV' }).click()]);
  const text = await readFile((await csv.path())!, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  expect(text).toContain('Toàn huyện,09/09,285,38');

  // Printed: the report only, without the application's bars and buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('link', { name: 'Tải về CSV' })).toBeHidden();
  await expect(lead).toBeVisible();
  expect(errors).toEqual([]);
});

test('a commune office cannot read the district report', async ({ page }) => {
  await signIn(page, 'sarai');
  await expect(page.getByRole('heading', { level: 1, name: 'Thị trấn Sa Rài' })).toBeVisible();
  await page.goto('/bao-cao');
  await expect(page.getByText('Bạn không có quyền')).toBeVisible();
  const csv = await page.request.get('/api/report.csv');
  expect(csv.status()).toBe(403);
});
