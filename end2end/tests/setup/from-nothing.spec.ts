import { Page } from '@playwright/test';
import writeExcelFile from 'write-excel-file/node';
import { emptyAdminPassword } from '../../playwright.config';
import { column } from '../board-helpers';
import { expect, hydrated, signIn, test } from '../helpers';

// A province starts from an empty database (its own server, `BRANCHBOARD_DEMO_DATA=false`, the
// administrator made by `server create-admin`): everything else is done in the browser.
test.describe.configure({ mode: 'serial' });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

test('a province starts from nothing: units, branches, accounts and a campaign made in the browser; the commune office signs in, imports its list, plans a member and reads each step in the history', async ({ browser }) => {
  // The whole set-up, import, planning and history in one story: longer than one check.
  test.setTimeout(90_000);
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

  // The office brings in the workbook it keeps: its own columns, a birth date as Excel's serial
  // number and others as text, a name typed decomposed (NFD), a repeated row and a hamlet the
  // commune has not.
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await expect(page.getByText('0 đảng viên', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Nhập danh sách từ Excel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập danh sách đảng viên' })).toBeVisible();
  await hydrated(page);
  const workbook = await writeExcelFile([
    ['STT', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Số thẻ đảng viên', 'Ngày vào Đảng', 'Ấp', 'Nghề nghiệp'],
    [1, 'Tra\u0302\u0300n Thi\u0323 Thu\u031b\u0309', 'Nữ', 32000, '99.000001', '15/03/2015', 'Ấp Một', 'Công chức'],
    [2, 'Lê Văn Hai', 'Nam', '05/03/1985', '99.000002', '20/01/2019', 'ấp  hai', 'Cán bộ'],
    [3, 'Lê Văn Hai', 'Nam', '05/03/1985', '99.000002', '20/01/2019', 'Ấp Hai', 'Cán bộ'],
    [4, 'Phạm Văn Bốn', 'Nam', '06/04/1986', '99.000004', '20/01/2019', 'Ấp Chín', 'Công chức'],
  ]).toBuffer();
  const upload = () =>
    page.getByLabel('Tệp danh sách (Excel hoặc CSV)').setInputFiles({ name: 'danh-sach.xlsx', mimeType: XLSX, buffer: workbook });
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
  // The office plans one member on the board.
  await column(page, 'Chờ phân công').getByRole('listitem').filter({ hasText: 'Trần Thị Thử' }).getByRole('button', { name: 'Chuyển đến…' }).click();
  await page.getByRole('menu', { name: 'Chuyển Trần Thị Thử đến' }).getByRole('menuitem', { name: 'Chi bộ Ấp Một' }).click();
  await expect(column(page, 'Chi bộ Ấp Một').getByLabel('số đảng viên')).toHaveText('1');
  await expect(page.getByText('Đã lưu mọi thay đổi lên máy chủ.')).toBeVisible();

  // The change history tells each step in words and dates, never codes: the commune's page shows
  // the latest, its link all of them.
  await page.getByRole('link', { name: 'Xã Tân Hồng' }).click();
  await page.getByRole('link', { name: /^Xem toàn bộ \d+ thay đổi$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lịch sử thay đổi — Xã Tân Hồng' })).toBeVisible();
  const changes = page.getByRole('table', { name: 'Các thay đổi' });
  const planned = changes.getByRole('row').filter({ hasText: 'Phân công Trần Thị Thử' });
  await expect(planned).toContainText('Chi bộ dự kiến: Chờ phân công → Chi bộ Ấp Một');
  const added = changes.getByRole('row').filter({ hasText: 'Đảng viên Trần Thị Thử' });
  await expect(added).toContainText('Thêm đảng viên');
  await expect(added).toContainText('Ngày sinh: 11/08/1987');
  await expect(added).toContainText('Nơi cư trú: Ấp Một');
  await expect(added).toContainText('Công việc: Công chức');
  await page.getByLabel('Loại thay đổi').selectOption({ label: 'Hồ sơ đảng viên' });
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('3 thay đổi — trang 1/1')).toBeVisible();
  for (const code of ['civil_servant', 'residential', 'female', '2015-03-15']) await expect(changes).not.toContainText(code);

  // One more member through the register's form: the domain's rules refuse a wrong record before
  // anything is sent; the hamlet suggests its branch.
  await page.getByRole('link', { name: 'Xã Tân Hồng' }).click();
  await page.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await hydrated(page);
  await page.getByText('Thêm đảng viên', { exact: true }).first().click();
  const add = page.getByRole('form', { name: 'Thêm đảng viên' });
  await add.getByLabel('Họ và tên').fill('Nguyễn Văn Năm');
  await add.getByLabel('Ngày sinh').fill('02/09/1990');
  await add.getByLabel('Số thẻ đảng viên').fill('99.000005');
  await add.getByLabel('Số lý lịch').fill('LL-05');
  await add.getByLabel('Ngày vào Đảng').fill('02/09/2005');
  await add.getByLabel('Nơi cư trú (ấp, khóm)').selectOption({ label: 'Ấp Hai' });
  await expect(add.getByLabel('Chi bộ sinh hoạt')).toHaveValue(/.+/);
  await add.getByLabel('Công việc').selectOption({ label: 'Cán bộ' });
  await add.getByRole('button', { name: 'Thêm đảng viên' }).click();
  await expect(page.getByRole('alert')).toContainText('đảng viên phải đủ 18 tuổi khi vào Đảng');
  await add.getByLabel('Ngày vào Đảng').fill('02/09/2015');
  await add.getByRole('button', { name: 'Thêm đảng viên' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã ghi nhận' })).toBeVisible();
  await expect(register.getByRole('row', { name: /Nguyễn Văn Năm/ })).toContainText('Chi bộ Ấp Hai');
  // Edited from the member's page; the page's history says what changed.
  await register.getByRole('link', { name: 'Nguyễn Văn Năm' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nguyễn Văn Năm' })).toBeVisible();
  await hydrated(page);
  await page.getByText('Sửa hồ sơ đảng viên', { exact: true }).click();
  const record = page.getByRole('form', { name: 'Sửa hồ sơ đảng viên' });
  await expect(record.getByLabel('Số lý lịch')).toHaveValue('LL-05');
  await record.getByLabel('Số lý lịch').fill('LL-55');
  await record.getByLabel('Lãnh đạo chủ chốt').check();
  await record.getByRole('button', { name: 'Lưu hồ sơ' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã ghi nhận' })).toBeVisible();
  const recent = page.getByRole('table', { name: 'Thay đổi gần đây' });
  await expect(recent.getByRole('row').filter({ hasText: 'Sửa hồ sơ đảng viên' })).toContainText('Số lý lịch: LL-05 → LL-55');
  await expect(recent.getByRole('row').filter({ hasText: 'Sửa hồ sơ đảng viên' })).toContainText('Lãnh đạo chủ chốt: Không → Có');
  // The administrator's history holds the set-up too: the office's account, by kind.
  await nav.getByRole('link', { name: 'Lịch sử' }).click();
  await admin.getByLabel('Loại thay đổi').selectOption({ label: 'Tài khoản' });
  await admin.getByRole('button', { name: 'Lọc' }).click();
  const accounts = admin.getByRole('table', { name: 'Các thay đổi' }).getByRole('row').filter({ hasText: 'Tài khoản vp.tanhong' });
  await expect(accounts.filter({ hasText: 'Tạo tài khoản' })).toContainText('Vai trò: Văn phòng Đảng ủy xã, thị trấn');
  await nav.getByRole('link', { name: 'Đợt chuyển' }).click();

  // The campaign is closed by the administrator.
  await admin.getByRole('button', { name: 'Kết thúc đợt 05-HD/BTCTU' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Đã kết thúc đợt 05-HD/BTCTU.' })).toBeVisible();
  await expect(line).toContainText('Đã kết thúc');
});
