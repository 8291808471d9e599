import { Page } from '@playwright/test';
import { emptyAdminPassword } from '../../playwright.config';
import { column } from '../board-helpers';
import { expect, hydrated, signIn, test } from '../helpers';

// A province starts from an empty database (its own server, `BRANCHBOARD_DEMO_DATA=false`, the
// administrator made by `server create-admin`): everything else is done in the browser.
test.describe.configure({ mode: 'serial' });

async function addUnit(page: Page, kind: string, name: string, parent: string | null, from: string, decision: string) {
  const form = page.getByRole('form', { name: 'Thêm đơn vị' });
  await form.getByLabel('Loại đơn vị').selectOption({ label: kind });
  await form.getByLabel('Tên đơn vị').fill(name);
  await form.getByLabel('Thuộc đơn vị').selectOption(parent === null ? { index: 0 } : { label: parent });
  await form.getByLabel('Ngày thành lập').fill(from);
  await form.getByLabel('Số quyết định thành lập').fill(decision);
  await form.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Đã thêm đơn vị «${name}».` })).toBeVisible();
}

async function foundBranch(page: Page, unit: string, name: string) {
  const form = page.getByRole('form', { name: 'Thành lập chi bộ' });
  await form.getByLabel('Loại chi bộ').selectOption({ label: 'Chi bộ ấp, khóm' });
  await form.getByLabel('Thuộc').selectOption({ label: unit });
  await form.getByLabel('Tên chi bộ').fill(name);
  await form.getByLabel('Ngày thành lập').fill('05/07/2025');
  await form.getByLabel('Số quyết định thành lập').fill('01-QĐ/ĐU');
  await form.getByRole('button', { name: 'Thành lập chi bộ' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Đã thành lập «${name}».` })).toBeVisible();
}

async function createAccount(page: Page, username: string, name: string, role: string, place: [string, string]) {
  const form = page.getByRole('form', { name: 'Tạo tài khoản' });
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Họ tên hoặc tên gọi').fill(name);
  await form.getByLabel('Vai trò').selectOption({ label: role });
  await form.getByLabel(place[0]).selectOption({ label: place[1] });
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const shown = page.getByRole('status').filter({ hasText: `Mật khẩu dùng một lần của tài khoản «${username}»` });
  await expect(shown).toBeVisible();
  return (await shown.locator('code').textContent())!.trim();
}

test('a province starts from nothing: units, branches, accounts and a campaign made in the browser; the commune office signs in and opens its board', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'quantri', emptyAdminPassword);
  // The administrator's home says what to set up first.
  await expect(admin).toHaveURL(/\/quan-tri$/);
  await expect(admin.getByRole('heading', { level: 1, name: 'Thiết lập tổ chức' })).toBeVisible();
  const steps = admin.getByRole('list', { name: 'Các bước thiết lập' }).getByRole('listitem');
  await expect(steps).toHaveCount(5);
  await expect(steps.nth(0)).toContainText('Bước tiếp theo — 0 đơn vị cấp cao nhất, 0 xã, phường, thị trấn, 0 ấp, khóm.');
  await expect(steps.nth(4)).toContainText('Chưa làm');
  const nav = admin.getByRole('navigation', { name: 'Trang chính' });

  // The organisation: the province, a merged commune, two hamlets, their branches.
  await nav.getByRole('link', { name: 'Tổ chức' }).click();
  await expect(admin.getByText('Chưa có đơn vị nào vào ngày này.')).toBeVisible();
  await hydrated(admin);
  await addUnit(admin, 'Tỉnh — cấp 0', 'Tỉnh Đồng Tháp', null, '01/07/2025', '202/2025/QH15');
  await addUnit(admin, 'Xã — cấp 1', 'Xã Tân Hồng', 'Tỉnh Đồng Tháp', '01/07/2025', '1663/NQ-UBTVQH15');
  await addUnit(admin, 'Ấp — cấp 2', 'Ấp Một', 'Xã Tân Hồng — Tỉnh Đồng Tháp', '01/07/2025', '15-QĐ/UBND');
  await addUnit(admin, 'Ấp — cấp 2', 'Ấp Hai', 'Xã Tân Hồng — Tỉnh Đồng Tháp', '01/07/2025', '15-QĐ/UBND');
  await foundBranch(admin, 'Ấp Một — Xã Tân Hồng', 'Chi bộ Ấp Một');
  await foundBranch(admin, 'Ấp Hai — Xã Tân Hồng', 'Chi bộ Ấp Hai');
  const tree = admin.getByRole('table', { name: /^Cây tổ chức ngày / });
  await expect(tree.getByRole('row')).toHaveCount(1 + 4);
  await expect(tree.getByRole('row', { name: /Ấp Một/ })).toContainText('Chi bộ Ấp Một');

  // The accounts of the commune office and of a branch secretary.
  await nav.getByRole('link', { name: 'Tài khoản' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Tài khoản' })).toBeVisible();
  await hydrated(admin);
  const office = await createAccount(admin, 'vp.tanhong', 'Văn phòng Đảng ủy xã Tân Hồng', 'Văn phòng Đảng ủy xã, thị trấn', ['Xã, phường, thị trấn', 'Xã Tân Hồng']);

  // The branch's secretary is named from the branch's page: the form comes with the role and
  // the branch chosen.
  await nav.getByRole('link', { name: 'Tổng quan', exact: true }).click();
  await admin.getByRole('table', { name: 'Theo xã, thị trấn' }).getByRole('link', { name: 'Xã Tân Hồng' }).click();
  await admin.getByRole('link', { name: 'Chi bộ Ấp Một' }).click();
  await expect(admin.getByText('Bí thư chi bộ: chưa có tài khoản.')).toBeVisible();
  await admin.getByRole('link', { name: 'Tạo tài khoản bí thư chi bộ' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Tài khoản' })).toBeVisible();
  await hydrated(admin);
  const named = admin.getByRole('form', { name: 'Tạo tài khoản' });
  await expect(named.getByLabel('Vai trò')).toHaveValue('branch_secretary');
  await expect(named.getByLabel('Chi bộ')).toHaveValue(/.+/);
  await expect(named.getByLabel('Chi bộ').locator('option:checked')).toHaveText('Chi bộ Ấp Một — Xã Tân Hồng');
  await named.getByLabel('Tên đăng nhập').fill('bithu.apmot');
  await named.getByLabel('Họ tên hoặc tên gọi').fill('Nguyễn Văn Một');
  await named.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Mật khẩu dùng một lần của tài khoản «bithu.apmot»' })).toBeVisible();
  await admin.goBack();
  await expect(admin.getByText('Bí thư chi bộ: Nguyễn Văn Một (bithu.apmot)')).toBeVisible();

  // A campaign on its legal basis.
  await nav.getByRole('link', { name: 'Đợt chuyển' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Đợt chuyển sinh hoạt' })).toBeVisible();
  await hydrated(admin);
  const form = admin.getByRole('form', { name: 'Mở đợt chuyển' });
  await form.getByLabel('Số văn bản căn cứ').fill('05-HD/BTCTU');
  await form.getByLabel('Ngày ban hành').fill('01/08/2025');
  await form.getByLabel('Cơ quan ban hành').fill('Ban Tổ chức Tỉnh ủy Đồng Tháp');
  await form.getByLabel('Trích yếu').fill('Chuyển sinh hoạt đảng viên là cán bộ, công chức xã về chi bộ ấp');
  await form.getByRole('button', { name: 'Mở đợt chuyển' }).click();
  // No group chosen: said, and nothing opened.
  await expect(admin.getByRole('alert')).toContainText('Chưa nhập đối tượng của đợt chuyển');
  await form.getByRole('group', { name: 'Đối tượng' }).getByLabel('Cán bộ').check();
  await form.getByRole('group', { name: 'Đối tượng' }).getByLabel('Công chức').check();
  await form.getByRole('button', { name: 'Mở đợt chuyển' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã mở đợt chuyển 05-HD/BTCTU.' })).toBeVisible();
  const line = admin.getByRole('table', { name: 'Các đợt chuyển' }).getByRole('row', { name: /05-HD\/BTCTU/ });
  await expect(line).toContainText('Cán bộ; Công chức');
  await expect(line).toContainText('Đang thực hiện');

  // The home now counts what was made; the members are what comes next.
  await nav.getByRole('link', { name: 'Thiết lập' }).click();
  await expect(steps.nth(0)).toContainText('Đã xong — 1 đơn vị cấp cao nhất, 1 xã, phường, thị trấn, 2 ấp, khóm.');
  await expect(steps.nth(1)).toContainText('Đã xong — 2 chi bộ ấp, khóm đang hoạt động.');
  await expect(steps.nth(2)).toContainText('Đã xong — 1 tài khoản văn phòng Đảng ủy xã, 1 tài khoản bí thư chi bộ.');
  await expect(steps.nth(3)).toContainText('Bước tiếp theo — 0 đảng viên trong danh sách.');
  await expect(steps.nth(4)).toContainText('Đã xong — 1 đợt chuyển đang thực hiện.');
  await nav.getByRole('link', { name: 'Đợt chuyển' }).click();
  await expect(line).toContainText('Đang thực hiện');

  // The commune office signs in with its one-time password, sets its own, and has its board.
  const page = await (await browser.newContext()).newPage();
  await signIn(page, 'vp.tanhong', office);
  await expect(page).toHaveURL(/\/doi-mat-khau$/);
  await hydrated(page);
  const change = page.getByRole('form', { name: 'Đổi mật khẩu' });
  await change.getByLabel('Mật khẩu đang dùng').fill(office);
  await change.getByLabel('Mật khẩu mới', { exact: true }).fill('xa-tan-hong-2025');
  await change.getByLabel('Nhập lại mật khẩu mới').fill('xa-tan-hong-2025');
  await change.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.getByRole('link', { name: 'Tiếp tục làm việc' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Xã Tân Hồng' })).toBeVisible();

  // The office brings in the list it keeps: its own columns, a text date and a serial number
  // saved as text, a name typed decomposed (NFD), a repeated row and a hamlet the commune has not.
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await expect(page.getByText('0 đảng viên', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Nhập danh sách từ Excel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập danh sách đảng viên' })).toBeVisible();
  await hydrated(page);
  const list = [
    'STT,Họ và tên,Giới tính,Ngày sinh,Số thẻ đảng viên,Ngày vào Đảng,Ấp,Nghề nghiệp',
    '1,Tra\u0302\u0300n Thi\u0323 Thu\u031b\u0309,Nữ,32000,99.000001,15/03/2015,Ấp Một,Công chức',
    '2,Lê Văn Hai,Nam,05/03/1985,99.000002,20/01/2019,ấp  hai,Cán bộ',
    '3,Lê Văn Hai,Nam,05/03/1985,99.000002,20/01/2019,Ấp Hai,Cán bộ',
    '4,Phạm Văn Bốn,Nam,06/04/1986,99.000004,20/01/2019,Ấp Chín,Công chức',
  ].join('\r\n');
  const upload = () => page.getByLabel('Tệp danh sách (Excel hoặc CSV)').setInputFiles({ name: 'danh-sach.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
  await upload();
  // The job column has a header of its own: the office says which column it is.
  await expect(page.getByRole('alert')).toContainText('Chưa tìm thấy cột: Chức vụ, công việc');
  await page.getByLabel('Cột «Nghề nghiệp»').selectOption({ label: 'Chức vụ, công việc' });
  const rows = page.getByRole('table', { name: 'Các dòng của tệp' });
  await expect(page.getByText('2 thêm mới, 0 cập nhật, 0 không đổi, 2 có lỗi (không gửi).')).toBeVisible();
  await expect(rows.getByRole('row', { name: /^2 / })).toContainText('Trần Thị Thử');
  await expect(rows.getByRole('row', { name: /^4 / })).toContainText('đã có ở một dòng trên');
  await expect(rows.getByRole('row', { name: /^5 / })).toContainText('Không có ấp, khóm «Ấp Chín» trong xã');
  // Nothing is written yet; the office tells which hamlet row 5 meant.
  await page.getByLabel('Ấp, khóm của dòng 5').selectOption({ label: 'Ấp Hai' });
  await expect(page.getByText('3 thêm mới, 0 cập nhật, 0 không đổi, 1 có lỗi (không gửi).')).toBeVisible();
  await page.getByRole('button', { name: 'Xác nhận nhập (3 thay đổi)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã nhập 3 dòng vào danh sách.' })).toBeVisible();
  await expect(page.getByText('0 thêm mới, 0 cập nhật, 3 không đổi, 1 có lỗi (không gửi).')).toBeVisible();
  // The same file again changes nothing.
  await upload();
  await page.getByLabel('Cột «Nghề nghiệp»').selectOption({ label: 'Chức vụ, công việc' });
  await page.getByLabel('Ấp, khóm của dòng 5').selectOption({ label: 'Ấp Hai' });
  await expect(page.getByText('0 thêm mới, 0 cập nhật, 3 không đổi, 1 có lỗi (không gửi).')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Xác nhận nhập (0 thay đổi)' })).toBeDisabled();
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  const register = page.getByRole('table', { name: 'Danh sách đảng viên' });
  await expect(register.getByRole('row')).toHaveCount(1 + 3);
  await expect(register.getByRole('rowheader', { name: 'Trần Thị Thử' })).toBeVisible();
  await expect(register.getByRole('row', { name: /Trần Thị Thử/ })).toContainText('Chi bộ Ấp Một');
  await page.getByRole('link', { name: 'Xã Tân Hồng' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Xã Tân Hồng' })).toBeVisible();
  await page.getByRole('link', { name: /^Bảng phân công 05-HD\/BTCTU/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Bảng phân công chi bộ/ })).toBeVisible();
  await expect(column(page, 'Chờ phân công')).toBeVisible();
  await expect(column(page, 'Chờ phân công').getByLabel('số đảng viên')).toHaveText('3');
  await expect(column(page, 'Chi bộ Ấp Hai')).toBeVisible();
  await expect(column(page, 'Chi bộ Ấp Một')).toBeVisible();

  // The campaign is closed by the administrator.
  await admin.getByRole('button', { name: 'Kết thúc đợt 05-HD/BTCTU' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã kết thúc đợt 05-HD/BTCTU.' })).toBeVisible();
  await expect(line).toContainText('Đã kết thúc');
});
