import { readFile } from 'node:fs/promises';
import { expect, hydrated, signIn, test, watchErrors } from '../helpers';

/** A name as typed without diacritics: "Trần Thị Mai" → "tran thi mai". */
const plain = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

test('the commune office finds a member in its register without typing diacritics and downloads it', async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, 'sarai');
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Danh sách đảng viên — Thị trấn Sa Rài' })).toBeVisible();
  await hydrated(page);
  const table = page.getByRole('table', { name: 'Danh sách đảng viên' });
  const rows = table.getByRole('row');
  const total = (await rows.count()) - 1;
  await expect(page.getByText(`${total} đảng viên`, { exact: true })).toBeVisible();

  // A member's family and given name, typed plain and in capitals, find them (and only matches).
  const name = (await rows.nth(1).getByRole('rowheader').innerText()).trim();
  const words = plain(name).split(' ');
  await page.getByLabel('Tìm đảng viên (gõ có dấu hoặc không dấu)').fill(`${words[0].toUpperCase()} ${words[words.length - 1]}`);
  await expect(table.getByRole('rowheader', { name, exact: true })).toBeVisible();
  const found = (await rows.count()) - 1;
  expect(found).toBeGreaterThan(0);
  expect(found).toBeLessThan(total);
  await expect(page.getByText(`${found} trong ${total} đảng viên`)).toBeVisible();
  for (const header of await table.getByRole('rowheader').allInnerTexts()) {
    expect(plain(header)).toContain(words[0]);
  }

  // The register as Excel, and the template.
  const [list] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải danh sách (Excel)' }).click()]);
  expect(list.suggestedFilename()).toBe('danh-sach-dang-vien.xlsx');
  expect((await readFile((await list.path())!)).subarray(0, 2).toString()).toBe('PK');
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải mẫu Excel để nhập' }).click()]);
  expect(template.suggestedFilename()).toBe('mau-danh-sach-dang-vien.xlsx');
  expect(errors).toEqual([]);
});
