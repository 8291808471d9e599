// Live benchmark: two browsers of the same commune office (headless Chromium, release server).
// 1. Both on the 406-card board: a move made on A until B shows the card in its new column
//    (A's click to B's DOM change, one clock: both pages run in the same browser).
// 2. B on the commune page, A on member pages: a rating saved on A until B's commune page shows
//    the changed figure.
// With a second app server's address, browser B (and the commune page) use that server while A
// uses the first: the change crosses between servers (PostgreSQL, LISTEN/NOTIFY).
// Usage: node end2end/bench/live.mjs BASE_URL BOARD_PATH COMMUNE_PATH [SECOND_BASE_URL]
import { chromium } from '@playwright/test';

const [base, boardPath, communePath, secondBase] = process.argv.slice(2);
const baseB = secondBase ?? base;
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
// Times of the changes seen; a change not seen within 10 s counts as missed, not as a time.
const summary = (xs) => {
  const seen = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const missed = xs.length - seen.length;
  if (seen.length === 0) return `none of ${xs.length} seen within 10 s`;
  return `median ${seen[Math.floor(seen.length / 2)].toFixed(1)} ms, max ${seen[seen.length - 1].toFixed(1)} ms over ${seen.length}` +
    (missed ? `, ${missed} not seen within 10 s` : '');
};

async function device(path, server = base) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill('sarai');
  await page.getByLabel('Mật khẩu').fill('tanhong');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/xa\//);
  await page.goto(`${server}${path}`);
  await page.waitForLoadState('networkidle');
  // The device has pulled its scope (the live feed then follows its cursor).
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.endsWith('/base')), null, { timeout: 20_000 });
  await page.waitForTimeout(500);
  return page;
}

// 1. The board.
const a = await device(boardPath);
const b = await device(boardPath, baseB);
const columns = await a.locator('section.column').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')));
const moves = [];
for (let i = 0; i < 20; i++) {
  // A card from the first column that holds one, to the next column.
  const from = await a.locator('section.column').evaluateAll((cs) => cs.findIndex((c) => c.querySelector('.card-handle')));
  const target = columns[(from + 1 + (i % (columns.length - 1))) % columns.length];
  const card = a.locator('section.column').nth(from).getByRole('listitem').first();
  const name = (await card.locator('.card-handle .card-name').textContent()).trim();
  const seen = b.evaluate(([target, name]) => new Promise((resolve) => {
    const column = [...document.querySelectorAll('section.column')].find((c) => c.getAttribute('aria-label') === target);
    const there = () => [...column.querySelectorAll('.card-name')].some((n) => n.textContent.trim() === name);
    const observer = new MutationObserver(() => {
      if (there()) {
        observer.disconnect();
        resolve(performance.timeOrigin + performance.now());
      }
    });
    observer.observe(column, { childList: true, subtree: true, characterData: true });
    setTimeout(() => resolve(NaN), 10_000);
  }), [target, name]);
  await card.getByRole('button', { name: 'Chuyển đến…' }).click();
  const sent = await a.evaluate(([target, name]) => {
    const menu = [...document.querySelectorAll('[role=menu]')].find((m) => m.getAttribute('aria-label') === `Chuyển ${name} đến`);
    const item = [...menu.querySelectorAll('[role=menuitem]')].find((b) => b.textContent.trim() === target);
    const t0 = performance.timeOrigin + performance.now();
    item.click();
    return t0;
  }, [target, name]);
  moves.push((await seen) - sent);
  await a.waitForTimeout(150);
}
const cards = await b.locator('.card-handle').count();
const servers = secondBase ? ', A and B on different app servers' : '';
console.log(
  `a move on one browser → shown on another (same commune, same board, ${cards} cards${servers}): ${summary(moves)} moves ` +
    '(budget 30 ms; Planka 2.1.1: 530 ms)',
);

// 2. A rating on a member page → the figure on another browser's commune page.
const commune = await device(communePath, baseB);
// Members moved into a hamlet branch (the figure counts their ratings), not the police members
// the benchmark added.
const members = await commune
  .locator('section.branch ul.members li.member')
  .evaluateAll((lis) => lis.filter((li) => !li.textContent.includes('Công an')).slice(0, 5).map((li) => li.querySelector('a').getAttribute('href')));
const ratings = [];
const year = new Date().getFullYear();
for (const href of members) {
  await a.goto(`${base}${href}`);
  await a.waitForLoadState('networkidle');
  const form = a.getByRole('form', { name: `Đánh giá, xếp loại năm ${year}` });
  await form.getByLabel('Xếp loại', { exact: true }).selectOption({ label: 'Hoàn thành tốt nhiệm vụ' });
  const before = await commune.locator('.ratings-line').textContent();
  const seen = commune.evaluate((before) => new Promise((resolve) => {
    const line = document.querySelector('.ratings-line');
    const check = () => {
      const now = document.querySelector('.ratings-line');
      if (now && now.textContent !== before) {
        observer.disconnect();
        resolve(performance.timeOrigin + performance.now());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(line.parentElement.parentElement, { childList: true, subtree: true, characterData: true });
    setTimeout(() => resolve(NaN), 10_000);
  }), before);
  const sent = await a.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Lưu xếp loại');
    const t0 = performance.timeOrigin + performance.now();
    button.click();
    return t0;
  });
  const shown = await seen;
  ratings.push(shown - sent);
  if (Number.isNaN(shown)) {
    // What A said about the rating it saved, and what B shows: a miss is explained, not averaged.
    const said = await a.locator('[role=status], [role=alert]').allTextContents();
    console.log(`not seen: ${href} — A said ${JSON.stringify(said)}, B shows ${JSON.stringify(await commune.locator('.ratings-line').textContent())} (was ${JSON.stringify(before)})`);
  }
}
console.log(
  `a rating saved on a member page → the commune page's figure on another browser${servers}: ${summary(ratings)} ratings`,
);
await browser.close();
