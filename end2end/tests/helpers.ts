import { expect, Page } from '@playwright/test';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, username: string, password = 'tanhong') {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Collects uncaught page errors (a failed hydration shows up here). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Waits until the wasm has loaded and hydrated the page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
}

export async function tile(page: Page, label: string) {
  const figures = page.getByRole('list', { name: 'Số liệu chính' });
  return figures.getByRole('listitem').filter({ has: page.getByText(label, { exact: true }) });
}

export { expect };
