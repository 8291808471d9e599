import { column, openBoard } from '../board-helpers';
import { expect, hydrated, signIn, test } from '../helpers';

// Adds a hamlet and its branch to An Phước: runs with the live tests, before the board's (which
// only confirm An Phước's campaign, whatever the columns).
test.describe.configure({ mode: 'serial' });

test('the administrator adds a hamlet and founds its branch; the commune office’s open board gains its column; the past tree is unchanged', async ({ browser }) => {
  const office = await (await browser.newContext()).newPage();
  await openBoard(office, 'anphuoc');
  await expect.poll(() => office.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith('/base'))), { timeout: 15_000 }).toBe(true);
  await office.evaluate(() => ((window as any).__notReloaded = true));

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'quantri');
  await admin.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Tổ chức' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Tổ chức' })).toBeVisible();
  await hydrated(admin);
  const tree = admin.getByRole('table', { name: /^Cây tổ chức ngày / });
  await expect(tree.getByRole('row', { name: /Xã An Phước/ })).toBeVisible();

  const unit = admin.getByRole('form', { name: 'Thêm đơn vị' });
  await unit.getByLabel('Loại đơn vị').selectOption({ label: 'Ấp — cấp 2' });
  await unit.getByLabel('Tên đơn vị').fill('Ấp An Hòa');
  await unit.getByLabel('Thuộc đơn vị').selectOption({ label: 'Xã An Phước — Huyện Tân Hồng' });
  await unit.getByLabel('Ngày thành lập').fill('31/02/2026');
  await unit.getByRole('button', { name: 'Thêm đơn vị' }).click();
  // A date that does not exist is said, in words, and nothing is sent.
  await expect(admin.getByRole('alert')).toContainText('Ngày thành lập');
  await unit.getByLabel('Ngày thành lập').fill('01/02/2026');
  await unit.getByLabel('Số quyết định thành lập').fill('15-QĐ/UBND');
  await unit.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã thêm đơn vị «Ấp An Hòa».' })).toBeVisible();
  const hamlet = tree.getByRole('row', { name: /Ấp An Hòa/ });
  await expect(hamlet).toContainText('từ 01/02/2026');
  await expect(hamlet).toContainText('15-QĐ/UBND');

  const branch = admin.getByRole('form', { name: 'Thành lập chi bộ' });
  await branch.getByLabel('Loại chi bộ').selectOption({ label: 'Chi bộ ấp, khóm' });
  await branch.getByLabel('Thuộc').selectOption({ label: 'Ấp An Hòa — Xã An Phước' });
  await branch.getByLabel('Tên chi bộ').fill('Chi bộ Ấp An Hòa');
  await branch.getByLabel('Ngày thành lập').fill('05/02/2026');
  await branch.getByLabel('Số quyết định thành lập').fill('20-QĐ/ĐU');
  await branch.getByRole('button', { name: 'Thành lập chi bộ' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã thành lập «Chi bộ Ấp An Hòa».' })).toBeVisible();
  await expect(tree.getByRole('row', { name: /Ấp An Hòa/ })).toContainText('Chi bộ Ấp An Hòa');

  // The office's open board gains the new branch's column, last, without a reload.
  await expect(column(office, 'Chi bộ Ấp An Hòa')).toBeVisible({ timeout: 5_000 });
  expect(await office.evaluate(() => (window as any).__notReloaded)).toBe(true);
  await expect(office.getByRole('region').last()).toHaveAccessibleName('Chi bộ Ấp An Hòa');

  // The tree as of the report's date is the one of then.
  await admin.getByRole('textbox', { name: 'Xem theo ngày' }).fill('20/01/2019');
  await admin.getByRole('button', { name: 'Xem', exact: true }).click();
  const then = admin.getByRole('table', { name: 'Cây tổ chức ngày 20/01/2019' });
  await expect(then.getByRole('row', { name: /Xã An Phước/ })).toBeVisible();
  await expect(then.getByRole('row', { name: /Ấp An Hòa/ })).toHaveCount(0);
});
