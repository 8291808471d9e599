import { test as base, BrowserContext, expect, Page } from '@playwright/test';

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

/** The Content-Security-Policy violations of the running test. */
let violations: string[] = [];

/** Watches a browser context (a persistent one, say) for Content-Security-Policy violations. */
export function guardPolicy(context: BrowserContext) {
  const found = violations;
  context.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|evaluate|compile|apply|connect|frame)/i.test(m.text())) found.push(m.text());
  });
}

/**
 * Every test fails if a page of any of its browser contexts breaks the Content-Security-Policy
 * (an inline script without the page's nonce, say): the app must work under its own policy.
 */
export const test = base.extend<{ policyGuard: void }>({
  policyGuard: [
    async ({ browser, context }, use) => {
      violations = [];
      const found = violations;
      guardPolicy(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const c = await newContext(options);
        guardPolicy(c);
        return c;
      };
      await use();
      browser.newContext = newContext;
      expect(found, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
