import { expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** Signs in as a commune office and opens its board of the 2021 campaign. */
export async function openBoard(page: Page, username: string, campaign = '314-CV/TU') {
  await signIn(page, username);
  await page.getByRole('link', { name: new RegExp(`^Bảng phân công ${campaign.replace('/', '\\/')}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Bảng phân công chi bộ/ })).toBeVisible();
  await hydrated(page);
}

export const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
export const source = (page: Page) => column(page, 'Chờ phân công');
/** The drag handles (one per card) of a column. */
export const handles = (page: Page, name: string) => column(page, name).locator('.card-handle');
export const count = (page: Page, name: string) => column(page, name).getByLabel('số đảng viên');

/** Waits until the server has answered every change sent from the board. */
export async function saved(page: Page) {
  await expect(page.getByText('Đã lưu mọi thay đổi lên máy chủ.')).toBeVisible();
}

/** Applies the suggestion by residence and confirms every planned transfer of the board. */
export async function planAndConfirmAll(page: Page) {
  const suggest = page.getByRole('button', { name: 'Gợi ý theo nơi cư trú' });
  if (await suggest.isEnabled()) {
    await suggest.click();
    await page.getByRole('button', { name: 'Áp dụng gợi ý' }).click();
  }
  await expect(count(page, 'Chờ phân công')).toHaveText('0');
  await page.getByRole('button', { name: /^Xác nhận tất cả/ }).click();
  const form = page.getByRole('form', { name: 'Xác nhận chuyển sinh hoạt' });
  await form.getByLabel('Số giấy giới thiệu').fill('12/GGT-ĐU');
  await form.getByRole('button', { name: 'Xác nhận chuyển sinh hoạt' }).click();
  await expect(page.getByRole('button', { name: 'Xác nhận tất cả (0)' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Đã xác nhận chuyển sinh hoạt');
  await saved(page);
}
