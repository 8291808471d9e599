import { expect, hydrated, signIn, test, tile, watchErrors } from '../helpers';

test('a wrong password is refused with a Vietnamese message', async ({ page }) => {
  await signIn(page, 'sarai', 'khong-dung');
  await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
});

test('the district board sees the report figures', async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, 'bantochuc');
  await expect(page).toHaveURL(/\/tong-quan$/);
  await expect(page.getByRole('heading', { name: 'Tổng quan toàn huyện' })).toBeVisible();
  await expect(await tile(page, 'chi bộ cơ quan xã, thị trấn đã giải thể')).toContainText('09/09');
  await expect(await tile(page, 'đảng viên đã chuyển về chi bộ ấp, khóm')).toContainText('285');
  await expect(await tile(page, 'chi bộ ấp, khóm')).toContainText('38');
  await expect(await tile(page, 'đảng viên chờ chuyển (đợt đang mở)')).toContainText('54');
  const table = page.getByRole('table', { name: 'Theo xã, thị trấn' });
  await expect(table.getByRole('row')).toHaveCount(1 + 9 + 1);
  const total = table.getByRole('row').filter({ hasText: 'Toàn huyện' });
  await expect(total).toContainText('09/09');
  await expect(total).toContainText('285');
  await hydrated(page);
  expect(errors).toEqual([]);
});

test('commune staff see their branches and members, sorted the Vietnamese way', async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, 'sarai');
  await expect(page.getByRole('heading', { level: 1, name: 'Thị trấn Sa Rài' })).toBeVisible();
  const pending = page.getByRole('region', { name: /Chờ chuyển theo 314-CV\/TU/ });
  await expect(pending.getByRole('listitem')).toHaveCount(6);
  const khom1 = page.getByRole('region', { name: 'Chi bộ Khóm 1' });
  await expect(khom1).toBeVisible();
  const names = await khom1.getByRole('list').getByRole('link').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  const given = names.map((n) => n.split(' ').pop()!);
  expect(given).toEqual([...given].sort((a, b) => a.localeCompare(b, 'vi')));
  await khom1.getByRole('link', { name: names[0] }).click();
  await expect(page.getByRole('heading', { level: 1, name: names[0] })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Quá trình sinh hoạt đảng' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Chuyển sinh hoạt' })).toContainText('21-HD/BTCTU');
  await expect(page.getByText(/\d{2}\/\d{2}\/\d{4}/).first()).toBeVisible();
  await hydrated(page);
  expect(errors).toEqual([]);
});

test("commune staff cannot open another commune's page", async ({ browser }) => {
  const district = await browser.newContext();
  const dPage = await district.newPage();
  await signIn(dPage, 'bantochuc');
  const href = await dPage.getByRole('link', { name: 'Xã Tân Hộ Cơ' }).getAttribute('href');
  await district.close();
  const staff = await browser.newContext();
  const page = await staff.newPage();
  await signIn(page, 'sarai');
  await page.goto(href!);
  await expect(page.getByRole('alert')).toContainText('Bạn không có quyền xem hoặc thay đổi dữ liệu này.');
  await expect(page.getByRole('heading', { name: 'Xã Tân Hộ Cơ' })).toHaveCount(0);
  await staff.close();
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, 'tanhoco');
  await expect(page.getByRole('heading', { level: 1, name: 'Xã Tân Hộ Cơ' })).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/dang-nhap$/);
  // The server sends a page without a session to the sign-in page, which will come back to it.
  await page.goto('/tong-quan');
  await expect(page).toHaveURL(/\/dang-nhap\?next=\/tong-quan$/);
  await page.getByLabel('Tên đăng nhập').fill('bantochuc');
  await page.getByLabel('Mật khẩu').fill('tanhong');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/tong-quan$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan toàn huyện' })).toBeVisible();
});
