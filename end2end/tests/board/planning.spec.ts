import { expect, signIn, test, tile } from '../helpers';
import { column, count, handles, openBoard, planAndConfirmAll, saved, source } from '../board-helpers';

// These tests change the shared demo database, in order: they run after the read-only projects.
test.describe.configure({ mode: 'serial' });

const nameOf = async (handle: import('@playwright/test').Locator) => (await handle.textContent())!.replace('⠿', '').trim();

test('a card is dragged with the mouse to a hamlet branch', async ({ page }) => {
  await openBoard(page, 'sarai');
  await expect(count(page, 'Chờ phân công')).toHaveText('6');
  const card = handles(page, 'Chờ phân công').first();
  const name = await nameOf(card);
  const from = (await card.boundingBox())!;
  const to = (await column(page, 'Chi bộ Khóm 3').boundingBox())!;
  await page.mouse.move(from.x + 12, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 10 });
  await page.mouse.up();
  await expect(handles(page, 'Chi bộ Khóm 3').filter({ hasText: name })).toHaveCount(1);
  await expect(count(page, 'Chờ phân công')).toHaveText('5');
  await expect(page.getByRole('status')).toHaveText(`Đã chuyển ${name} đến Chi bộ Khóm 3.`);
  await saved(page);
});

test('a card is moved with only the keyboard and keeps the focus', async ({ page }) => {
  await openBoard(page, 'sarai');
  const card = handles(page, 'Chờ phân công').first();
  const name = await nameOf(card);
  await card.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  const moved = handles(page, 'Chi bộ Khóm 2').filter({ hasText: name });
  await expect(moved).toHaveCount(1);
  await expect(moved).toBeFocused();
  // Escape puts a lifted card back where it was.
  await moved.press('Space');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Escape');
  await expect(handles(page, 'Chi bộ Khóm 2').filter({ hasText: name })).toHaveCount(1);
  await saved(page);
});

test('the "Chuyển đến…" menu moves a card, and undo puts it back', async ({ page }) => {
  await openBoard(page, 'sarai');
  const card = source(page).getByRole('listitem').first();
  const name = await nameOf(card.locator('.card-handle'));
  await card.getByRole('button', { name: 'Chuyển đến…' }).click();
  await page.getByRole('menu', { name: `Chuyển ${name} đến` }).getByRole('menuitem', { name: 'Chi bộ Khóm 5' }).click();
  await expect(handles(page, 'Chi bộ Khóm 5').filter({ hasText: name })).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(handles(page, 'Chờ phân công').filter({ hasText: name })).toHaveCount(1);
  await expect(handles(page, 'Chi bộ Khóm 5').filter({ hasText: name })).toHaveCount(0);
  // The server has the undo too: a reload shows the same board.
  await saved(page);
  await page.reload();
  await expect(handles(page, 'Chờ phân công').filter({ hasText: name })).toHaveCount(1);
  await expect(count(page, 'Chờ phân công')).toHaveText('4');
  await expect(count(page, 'Chi bộ Khóm 3')).toHaveText('1');
  await expect(count(page, 'Chi bộ Khóm 2')).toHaveText('1');
});

test('the suggestion by residence is reviewed, applied, and undone in one step', async ({ page }) => {
  await openBoard(page, 'sarai');
  await page.getByRole('button', { name: 'Gợi ý theo nơi cư trú' }).click();
  const review = page.getByRole('region', { name: 'Gợi ý theo nơi cư trú' });
  await expect(review.getByRole('heading')).toHaveText('Gợi ý: phân 4 đảng viên về chi bộ nơi cư trú');
  await expect(review.getByRole('row')).toHaveCount(1 + 4);
  await review.getByRole('button', { name: 'Áp dụng gợi ý' }).click();
  await expect(count(page, 'Chờ phân công')).toHaveText('0');
  await page.getByRole('button', { name: 'Hoàn tác' }).click();
  await expect(count(page, 'Chờ phân công')).toHaveText('4');
  await saved(page);
  await page.reload();
  await expect(count(page, 'Chờ phân công')).toHaveText('4');
});

test('a closed campaign refuses moves and says why', async ({ page }) => {
  await openBoard(page, 'sarai', '21-HD/BTCTU');
  const card = handles(page, 'Chi bộ Khóm 1').first();
  const name = await nameOf(card);
  await card.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(page.getByRole('alert')).toContainText('Đợt chuyển 21-HD/BTCTU đã kết thúc');
  await expect(handles(page, 'Chi bộ Khóm 1').filter({ hasText: name })).toHaveCount(1);
});

test('a branch that still has members is not dissolved, and the reason is given', async ({ page }) => {
  await signIn(page, 'sarai');
  const branch = page.getByRole('region', { name: 'Chi bộ Khóm 1' });
  await branch.getByRole('button', { name: 'Giải thể chi bộ' }).click();
  const form = branch.getByRole('form', { name: 'Giải thể chi bộ' });
  await form.getByLabel('Ngày giải thể').fill('01/07/2021');
  await form.getByLabel('Số quyết định').fill('30-QĐ/ĐU');
  await form.getByRole('button', { name: 'Giải thể' }).click();
  await expect(branch.getByRole('alert')).toHaveText(/^«Chi bộ Khóm 1» còn \d+ đảng viên sinh hoạt chính thức; chỉ giải thể được khi không còn đảng viên nào\.$/);
});

test('a card is dragged by touch on a 360-px phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await openBoard(page, 'tanhoco');
  await expect(count(page, 'Chờ phân công')).toHaveText('6');
  const card = handles(page, 'Chờ phân công').first();
  const name = await nameOf(card);
  await card.scrollIntoViewIfNeeded();
  const from = (await card.boundingBox())!;
  const target = (await column(page, 'Chi bộ Ấp Bắc Trang').boundingBox())!;
  const start = { x: from.x + 30, y: from.y + from.height / 2 };
  // The next column peeks in at the right edge of the phone.
  const end = { x: Math.min(target.x + 20, 350), y: target.y + Math.min(50, target.height / 2) };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
  await page.waitForTimeout(400); // press and hold
  for (let i = 1; i <= 10; i++) {
    const point = { x: start.x + ((end.x - start.x) * i) / 10, y: start.y + ((end.y - start.y) * i) / 10 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(handles(page, 'Chi bộ Ấp Bắc Trang').filter({ hasText: name })).toHaveCount(1);
  await expect(count(page, 'Chờ phân công')).toHaveText('5');
  await saved(page);
  await context.close();
});

test('confirming the 2021 campaign in every commune brings the district to 339', async ({ browser }) => {
  test.setTimeout(120_000);
  for (const office of ['sarai', 'anphuoc', 'binhphu', 'tancongchi', 'tanhoco', 'tanphuoc', 'tanthanha', 'tanthanhb', 'thongbinh']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openBoard(page, office);
    await planAndConfirmAll(page);
    await page.reload();
    await expect(page.getByText('Đã xác nhận', { exact: true })).toHaveCount(6);
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'bantochuc');
  await expect(await tile(page, 'đảng viên đã chuyển về chi bộ ấp, khóm')).toContainText('339');
  await expect(await tile(page, 'đảng viên chờ chuyển (đợt đang mở)')).toContainText('0');
  await context.close();
});
