import { Page } from '@playwright/test';
import { column, openBoard } from '../board-helpers';
import { expect, hydrated, signIn, test, tile } from '../helpers';

// The 2025 reorganisation recorded on the demo data, in the browser: runs last, since it changes
// the tree under every other test's feet.
test.describe.configure({ mode: 'serial' });

const tiles = ['chi bộ cơ quan xã, thị trấn đã giải thể', 'đảng viên đã chuyển về chi bộ ấp, khóm', 'chi bộ ấp, khóm', 'đảng viên chờ chuyển (đợt đang mở)'];

/** The overview's headline figures and the report's opening paragraph, as the reader sees them. */
async function figures(page: Page) {
  await page.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Tổng quan', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Tổng quan toàn / })).toBeVisible();
  const shown: string[] = [];
  for (const label of tiles) shown.push((await (await tile(page, label)).innerText()).trim());
  const communes = await page.getByRole('table', { name: 'Theo xã, thị trấn' }).getByRole('row').count();
  await page.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Báo cáo' }).click();
  const lead = page.getByText(/^Căn cứ Hướng dẫn số 21-HD\/BTCTU/);
  await expect(lead).toBeVisible();
  return { shown, communes, paragraph: (await lead.innerText()).trim() };
}

async function merge(page: Page, name: string, sources: string[]) {
  const form = page.getByRole('form', { name: 'Sáp nhập đơn vị' });
  await form.getByLabel('Loại đơn vị mới').selectOption({ label: 'Xã' });
  for (const s of sources) await form.getByRole('checkbox', { name: `${s} — Huyện Tân Hồng` }).check();
  await form.getByLabel('Thuộc đơn vị').selectOption({ label: 'Tỉnh Đồng Tháp' });
  await form.getByLabel('Tên đơn vị mới').fill(name);
  await form.getByLabel('Ngày có hiệu lực').fill('01/07/2025');
  await form.getByLabel('Số văn bản quyết định').fill('1663/NQ-UBTVQH15');
  await form.getByRole('button', { name: 'Sáp nhập' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Đã sáp nhập thành «${name}».` })).toBeVisible();
}

test('the 2025 reform: nine units merged into four communes under the province, the district dissolved; the figures and both report paragraphs are unchanged and the office works on in the new commune', async ({ browser }) => {
  const reader = await (await browser.newContext()).newPage();
  await signIn(reader, 'bantochuc');
  await expect(reader.getByRole('heading', { level: 1, name: 'Tổng quan toàn huyện' })).toBeVisible();
  const before = await figures(reader);
  expect(before.communes).toBe(1 + 9 + 1);
  expect(before.paragraph).toContain('09/09 chi bộ cơ quan xã, thị trấn');

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'quantri');
  await admin.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Tổ chức' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Tổ chức' })).toBeVisible();
  await hydrated(admin);
  const unit = admin.getByRole('form', { name: 'Thêm đơn vị' });
  await unit.getByLabel('Loại đơn vị').selectOption({ label: 'Tỉnh — cấp 0' });
  await unit.getByLabel('Tên đơn vị').fill('Tỉnh Đồng Tháp');
  await unit.getByLabel('Thuộc đơn vị').selectOption({ index: 0 });
  await unit.getByLabel('Ngày thành lập').fill('01/07/2025');
  await unit.getByLabel('Số quyết định thành lập').fill('202/2025/QH15');
  await unit.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã thêm đơn vị «Tỉnh Đồng Tháp».' })).toBeVisible();

  // A merge dated in the future is refused in words, and nothing changes.
  const form = admin.getByRole('form', { name: 'Sáp nhập đơn vị' });
  await form.getByLabel('Loại đơn vị mới').selectOption({ label: 'Xã' });
  await form.getByRole('checkbox', { name: 'Xã An Phước — Huyện Tân Hồng' }).check();
  await form.getByRole('checkbox', { name: 'Xã Tân Phước — Huyện Tân Hồng' }).check();
  await form.getByLabel('Tên đơn vị mới').fill('Xã An Phước');
  await form.getByLabel('Ngày có hiệu lực').fill('01/07/2099');
  await form.getByLabel('Số văn bản quyết định').fill('1663/NQ-UBTVQH15');
  await form.getByRole('button', { name: 'Sáp nhập' }).click();
  await expect(admin.getByRole('alert')).toContainText('Ngày 01/07/2099 chưa đến');
  await expect(form.getByRole('checkbox', { name: 'Xã An Phước — Huyện Tân Hồng' })).toBeChecked();
  await form.getByRole('checkbox', { name: 'Xã An Phước — Huyện Tân Hồng' }).uncheck();
  await form.getByRole('checkbox', { name: 'Xã Tân Phước — Huyện Tân Hồng' }).uncheck();

  await merge(admin, 'Xã Tân Hồng', ['Thị trấn Sa Rài', 'Xã Bình Phú', 'Xã Tân Công Chí']);
  await merge(admin, 'Xã Tân Thành', ['Xã Thông Bình', 'Xã Tân Thành A']);
  await merge(admin, 'Xã Tân Hộ Cơ', ['Xã Tân Hộ Cơ', 'Xã Tân Thành B']);
  await merge(admin, 'Xã An Phước', ['Xã An Phước', 'Xã Tân Phước']);

  // The district ends; its police branch goes to the province.
  const dissolve = admin.getByRole('form', { name: 'Giải thể đơn vị' });
  await dissolve.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Huyện Tân Hồng' });
  await dissolve.getByLabel('Ngày giải thể').fill('01/07/2025');
  await dissolve.getByLabel('Số văn bản quyết định').fill('1663/NQ-UBTVQH15');
  await dissolve.getByRole('button', { name: 'Giải thể đơn vị' }).click();
  await expect(admin.getByRole('alert')).toContainText('hãy chọn đơn vị tiếp nhận');
  await dissolve.getByLabel('Đơn vị tiếp nhận').selectOption({ label: 'Tỉnh Đồng Tháp' });
  await dissolve.getByRole('button', { name: 'Giải thể đơn vị' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã giải thể đơn vị.' })).toBeVisible();

  // Today's tree: the province and its four communes; the tree of 2019 is the one of then.
  const today = admin.getByRole('table', { name: /^Cây tổ chức ngày / });
  await expect(today.getByRole('row', { name: /^Tỉnh Đồng Tháp/ })).toContainText('Chi bộ Công an huyện Tân Hồng');
  await expect(today.getByRole('row', { name: /^Huyện Tân Hồng/ })).toHaveCount(0);
  await expect(today.getByRole('row', { name: /^Xã Tân Hồng/ })).toContainText('từ 01/07/2025');
  await expect(today.getByRole('row', { name: /^Thị trấn Sa Rài/ })).toHaveCount(0);
  await admin.getByRole('textbox', { name: 'Xem theo ngày' }).fill('20/01/2019');
  await admin.getByRole('button', { name: 'Xem', exact: true }).click();
  const then = admin.getByRole('table', { name: 'Cây tổ chức ngày 20/01/2019' });
  await expect(then.getByRole('row', { name: /^Thị trấn Sa Rài/ })).toContainText('01/01/2000 – 30/06/2025');
  await expect(then.getByRole('row', { name: /^Huyện Tân Hồng/ })).toBeVisible();
  await expect(then.getByRole('row', { name: /^Xã Tân Hồng/ })).toHaveCount(0);

  // The province's board reads four communes with the same figures, and the same paragraphs.
  await reader.reload();
  const after = await figures(reader);
  expect(after.shown).toEqual(before.shown);
  expect(after.communes).toBe(1 + 4 + 1);
  expect(after.paragraph).toBe(before.paragraph);
  await expect(reader.getByText('Ban Thường vụ Tỉnh ủy')).toBeVisible();
  // The report per the communes of 20/01/2019: the nine units, the district's committee.
  await hydrated(reader);
  const transfers = reader.getByRole('table', { name: 'Bảng 1. Kết quả chuyển sinh hoạt đảng' });
  await expect(transfers.getByRole('row', { name: /^Xã Tân Hồng/ })).toBeVisible();
  await reader.getByRole('textbox', { name: 'Theo các đơn vị của ngày' }).fill('31/02/2019');
  await reader.getByRole('button', { name: 'Xem', exact: true }).click();
  await expect(reader.getByRole('alert')).toContainText('31/02/2019');
  await reader.getByRole('textbox', { name: 'Theo các đơn vị của ngày' }).fill('20/01/2019');
  await reader.getByRole('button', { name: 'Xem', exact: true }).click();
  await expect(transfers.getByRole('row', { name: /^Thị trấn Sa Rài/ })).toBeVisible();
  await expect(transfers.getByRole('row', { name: /^Xã Tân Hồng/ })).toHaveCount(0);
  await expect(transfers.getByRole('row', { name: /^Toàn huyện/ }).getByRole('cell').first()).toHaveText('09/09');
  await expect(reader.getByText('Ban Thường vụ Huyện ủy')).toBeVisible();
  await expect(reader.getByText(/^Căn cứ Hướng dẫn số 21-HD\/BTCTU/)).toHaveText(before.paragraph);
  await reader.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Tổng quan', exact: true }).click();
  await expect(reader.getByRole('heading', { level: 1, name: 'Tổng quan toàn tỉnh' })).toBeVisible();
  await expect(reader.getByRole('table', { name: 'Theo xã, thị trấn' }).getByRole('row', { name: /^Xã Tân Hồng/ })).toBeVisible();

  // Sa Rài's office now works for Tân Hồng: its board of the open 2021 campaign holds the
  // branches of Bình Phú and Tân Công Chí too.
  const office = await (await browser.newContext()).newPage();
  await openBoard(office, 'sarai');
  await expect(office.getByRole('heading', { level: 1, name: /Xã Tân Hồng/ })).toBeVisible();
  await expect(column(office, 'Chi bộ Khóm 1')).toBeVisible();
  await expect(column(office, 'Chi bộ Ấp Bình Hòa')).toBeVisible();
  await expect(column(office, 'Chi bộ Ấp Cả Găng')).toBeVisible();
});
