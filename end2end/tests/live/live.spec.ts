import { expect, hydrated, signIn, test } from '../helpers';

// Changes Sa Rài's data: runs after the offline tests, before the board's.
test.describe.configure({ mode: 'serial' });

test('the district overview updates without a reload when a commune gives a task and records a rating', async ({ browser }) => {
  const district = await browser.newContext();
  const overview = await district.newPage();
  await signIn(overview, 'bantochuc');
  await expect(overview.getByRole('heading', { level: 1, name: 'Tổng quan toàn huyện' })).toBeVisible();
  await hydrated(overview);
  await expect(overview.getByText('Số liệu được cập nhật trực tiếp.')).toBeVisible();
  const withoutTask = overview.getByRole('row', { name: /Thị trấn Sa Rài/ }).getByRole('cell', { name: /lãnh đạo\)$/ });
  const before = Number((await withoutTask.textContent())!.split(' ')[0]);
  expect(before).toBeGreaterThan(0);
  await overview.evaluate(() => ((window as any).__notReloaded = true));

  const office = await browser.newContext();
  const page = await office.newPage();
  await signIn(page, 'sarai');
  const flagged = page.getByRole('listitem').filter({ has: page.getByText('Chưa được phân công nhiệm vụ', { exact: true }) }).first();
  const name = (await flagged.getByRole('link').textContent())!;
  await flagged.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText('Chưa được phân công nhiệm vụ', { exact: true })).toBeVisible();

  const taskForm = page.getByRole('form', { name: 'Giao nhiệm vụ' });
  await taskForm.getByLabel('Nhiệm vụ mẫu theo lĩnh vực').selectOption({ index: 1 });
  await expect(taskForm.getByLabel('Nội dung nhiệm vụ')).not.toHaveValue('');
  await taskForm.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await expect(page.getByRole('status')).toContainText('Đã ghi nhận');

  // The district's figure drops by one, live.
  await expect(withoutTask).toHaveText(new RegExp(`^${before - 1} `), { timeout: 5_000 });
  expect(await overview.evaluate(() => (window as any).__notReloaded)).toBe(true);

  // The member's flag is gone once the change is back from the server.
  await expect(page.getByText('Chưa được phân công nhiệm vụ', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Nhiệm vụ được phân công' })).toContainText('Đã giao');

  // Its progress: a finished task needs its result.
  const progress = page.getByRole('form', { name: new RegExp(`\\(${new Date().getFullYear()}\\)$`) }).first();
  await progress.getByLabel('Tình trạng').selectOption({ label: 'Hoàn thành' });
  await progress.getByRole('button', { name: 'Cập nhật' }).click();
  await expect(page.getByRole('alert')).toHaveText('Chưa nhập kết quả thực hiện nhiệm vụ.');
  await progress.getByLabel('Kết quả thực hiện').fill('Đã lập danh sách 42 hộ tham gia');
  await progress.getByRole('button', { name: 'Cập nhật' }).click();
  await expect(page.getByRole('table', { name: 'Nhiệm vụ được phân công' })).toContainText('Hoàn thành', { timeout: 15_000 });

  // A rating: points decide the level, and a mismatch is explained before anything is sent.
  const year = new Date().getFullYear();
  const ratingForm = page.getByRole('form', { name: `Đánh giá, xếp loại năm ${year}` });
  await ratingForm.getByLabel('Xếp loại', { exact: true }).selectOption({ label: 'Hoàn thành xuất sắc nhiệm vụ' });
  await ratingForm.getByLabel('Điểm (không bắt buộc)').fill('80');
  await ratingForm.getByRole('button', { name: 'Lưu xếp loại' }).click();
  await expect(page.getByRole('alert')).toHaveText('Với 80 điểm, mức xếp loại phải là «Hoàn thành tốt nhiệm vụ».');
  await ratingForm.getByLabel('Xếp loại', { exact: true }).selectOption({ label: 'Hoàn thành tốt nhiệm vụ' });
  await ratingForm.getByRole('button', { name: 'Lưu xếp loại' }).click();
  await expect(page.getByRole('table', { name: 'Đánh giá, xếp loại' })).toContainText(`${year}`);
  await expect(page.getByRole('table', { name: 'Đánh giá, xếp loại' })).toContainText('Hoàn thành tốt nhiệm vụ');
  await office.close();
  await district.close();
});

test('what one office types survives a change another device makes to the same member, and is told of it', async ({ browser }) => {
  const year = new Date().getFullYear();
  const open = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'sarai');
    const khom2 = page.getByRole('region', { name: 'Chi bộ Khóm 2' });
    await khom2.getByRole('list').getByRole('link').first().click();
    await expect(page.getByRole('form', { name: `Đánh giá, xếp loại năm ${year}` })).toBeVisible();
    await hydrated(page);
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith('/base'))), { timeout: 15_000 }).toBe(true);
    return { context, page };
  };
  const b = await open();
  const a = await open();
  await expect(a.page.getByRole('heading', { level: 1 })).toHaveText((await b.page.getByRole('heading', { level: 1 }).textContent())!);

  // B is in the middle of a task and of the rating.
  const typed = 'Việc đang soạn dở, chưa lưu';
  await b.page.getByRole('form', { name: 'Giao nhiệm vụ' }).getByLabel('Nội dung nhiệm vụ').fill(typed);
  const bRating = b.page.getByRole('form', { name: `Đánh giá, xếp loại năm ${year}` });
  await bRating.getByLabel('Tự đánh giá').selectOption({ label: 'Hoàn thành tốt nhiệm vụ' });

  // A rates the same member.
  const aRating = a.page.getByRole('form', { name: `Đánh giá, xếp loại năm ${year}` });
  await aRating.getByLabel('Xếp loại', { exact: true }).selectOption({ label: 'Hoàn thành nhiệm vụ' });
  await aRating.getByRole('button', { name: 'Lưu xếp loại' }).click();
  await expect(a.page.getByRole('status').filter({ hasText: 'Đã ghi nhận' })).toBeVisible();

  // B is told, and keeps what it typed and chose.
  await expect(b.page.getByText('Mục này vừa được thay đổi trên một máy khác.')).toBeVisible({ timeout: 5_000 });
  await expect(b.page.getByRole('form', { name: 'Giao nhiệm vụ' }).getByLabel('Nội dung nhiệm vụ')).toHaveValue(typed);
  await expect(bRating.getByLabel('Tự đánh giá')).toHaveValue('good');
  // B lets its rating go and gives the task: with nothing unsaved, the page shows A's rating.
  await b.page.getByRole('button', { name: 'Bỏ nội dung đang nhập, xem bản mới' }).click();
  await b.page.getByRole('form', { name: 'Giao nhiệm vụ' }).getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  const history = b.page.getByRole('table', { name: 'Đánh giá, xếp loại' });
  await expect(history.getByRole('row', { name: new RegExp(`^${year} `) })).toContainText('Hoàn thành nhiệm vụ', { timeout: 10_000 });
  await expect(b.page.getByRole('table', { name: 'Nhiệm vụ được phân công' })).toContainText(typed);
  await a.context.close();
  await b.context.close();
});
