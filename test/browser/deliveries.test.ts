/**
 * The designer's deliveries page (docs/designer.md "Deliveries") in a real browser against a
 * real `hookline serve`: a flow end webhook to a loopback receiver that fails, the failed
 * delivery with its attempts, resent once the receiver is fixed, then recovering the failed
 * deliveries of the webhook since a time.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reply } from '../e2e/support/receiver.js';
import {
  createDefaultWebhook,
  createFlow,
  deliveryWithStatus,
  ok,
  startExecution,
  storingFlow,
} from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

/** Presses Refresh until the opened delivery reads `status`. */
async function untilOpenedIs(page: Page, status: string): Promise<void> {
  const shown = page.getByTestId('delivery-status');
  for (let tries = 0; tries < 100; tries += 1) {
    if ((await shown.textContent()) === status) return;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForTimeout(100);
  }
  throw new Error(`the opened delivery never became ${status}`);
}

describe('deliveries page', () => {
  it('shows a failed delivery with its attempts and resends it once the receiver works', async () => {
    const { stack, browser } = suite;
    await ok(
      stack.serve.api('PATCH', '/v1/account/settings', { body: { allowPlainHttp: true } }),
      'allow plain http',
    );
    stack.receiver.handle('/hook', reply(500));
    await createDefaultWebhook(stack.serve, stack.receiver.url('/hook'), { name: 'Receiver' });
    const flowId = await createFlow(stack.serve, storingFlow());
    const execution = await startExecution(stack.serve, flowId);
    const failed = await deliveryWithStatus(stack.serve, execution.id as string, 'failed');
    expect(failed.attempts.length).toBe(3);

    const page = await browser.page();
    await suite.signIn(page);
    await page.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.getByLabel('Status').selectOption('failed');
    const row = page.getByTestId(`delivery-${failed.id as string}`);
    await row.getByText('failed').waitFor();
    await expect(row.textContent()).resolves.toContain('Receiver');
    await page.getByLabel('Status').selectOption('succeeded');
    await page.getByText('No deliveries succeeded.').waitFor();
    await page.getByLabel('Status').selectOption('failed');

    await row.getByRole('button', { name: `Open delivery ${failed.id as string}` }).click();
    const detail = page.getByRole('region', { name: /^Delivery/ });
    await expect(detail.getByTestId('delivery-status').textContent()).resolves.toBe('failed');
    const attempts = detail.getByRole('table', { name: 'Attempts' });
    await expect(attempts.getByRole('row').count()).resolves.toBe(4);
    const first = attempts.getByRole('row').nth(1);
    await expect(first.getByRole('cell').nth(2).textContent()).resolves.toBe('500');
    await expect(first.getByRole('cell').nth(3).textContent()).resolves.toMatch(/^\d+ ms$/);
    // The heading takes the focus: keyboard users land on what they opened.
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('delivery-title');
    await screenshot(page, 'deliveries');

    stack.receiver.handle('/hook', reply(200));
    await detail.getByRole('button', { name: 'Resend' }).click();
    await page.getByText(`Delivery ${failed.id as string} queued again.`).waitFor();
    await untilOpenedIs(page, 'succeeded');
    await expect(attempts.getByRole('row').count()).resolves.toBe(5);
    await expect(
      attempts.getByRole('row').nth(4).getByRole('cell').nth(2).textContent(),
    ).resolves.toBe('200');
    await expect(detail.getByRole('button', { name: 'Resend' }).isEnabled()).resolves.toBe(true);
    await screenshot(page, 'delivery-resent');
    const after = await ok(stack.serve.api('GET', `/v1/deliveries/${failed.id as string}`));
    expect(after.status).toBe('succeeded');
    await page.close();
  });

  it('recovers the failed deliveries of a webhook since a time', async () => {
    const { stack, browser } = suite;
    stack.receiver.handle('/hook', reply(503));
    const flowId = await createFlow(stack.serve, storingFlow());
    const execution = await startExecution(stack.serve, flowId);
    const failed = await deliveryWithStatus(stack.serve, execution.id as string, 'failed');
    stack.receiver.handle('/hook', reply(200));

    const page = await browser.page();
    await page.goto(`${stack.serve.url}/deliveries`);
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.getByLabel('Recover failed deliveries of').selectOption({ label: 'Receiver' });
    await page.getByRole('button', { name: 'Recover', exact: true }).click();
    await page.getByText('1 delivery queued again.').waitFor();
    await deliveryWithStatus(stack.serve, execution.id as string, 'succeeded');
    await page.getByRole('button', { name: `Open delivery ${failed.id as string}` }).click();
    await untilOpenedIs(page, 'succeeded');
    await page.close();
  });
});
