/**
 * The designer's saved webhooks page in a real browser against a real `hookline serve`
 * (docs/designer.md): create (the signing secret shown once), check against a loopback
 * receiver, edit, rotate the secret, delete.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

describe('saved webhooks page', () => {
  it('creates a webhook, shows its secret once, checks it, edits, rotates and deletes it', async () => {
    const { stack, browser } = suite;
    await ok(
      stack.serve.api('PATCH', '/v1/account/settings', { body: { allowPlainHttp: true } }),
      'allow plain http',
    );
    const page = await browser.page();
    await suite.signIn(page);
    await page.getByRole('link', { name: 'Saved webhooks' }).click();
    await page.getByRole('heading', { name: 'Saved webhooks' }).waitFor();
    await page.getByText('No saved webhooks yet.').waitFor();

    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Receiver');
    await page.getByLabel('URL', { exact: true }).fill(stack.receiver.url('/events'));
    await page.getByLabel('Auth type').selectOption('bearer');
    await page.getByLabel('Token').fill('tok-SECRET-1');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('X-Team');
    await page.getByLabel('Header 1 value').fill('support');
    await page.getByLabel(/^Default/).check();
    await screenshot(page, 'webhook-form');
    await page.getByRole('button', { name: 'Save webhook' }).click();

    const secret = (await page.getByTestId('signing-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('cell', { name: /^Receiver/ }).waitFor();
    await expect(page.getByRole('cell', { name: /^Receiver/ }).textContent()).resolves.toContain(
      'default',
    );
    await screenshot(page, 'webhooks-secret');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: stack.serve.url,
    });
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.getByRole('cell', { name: /^Receiver/ }).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain('tok-SECRET-1');

    await page.getByRole('button', { name: 'Check Receiver' }).click();
    await page.getByTestId('check-Receiver').filter({ hasText: 'OK: status 200' }).waitFor();
    expect(stack.receiver.received('/events').length).toBe(1);
    expect(stack.receiver.received('/events')[0]?.headers.authorization).toBe(
      'Bearer tok-SECRET-1',
    );
    await screenshot(page, 'webhooks');

    await page.getByRole('button', { name: 'Edit Receiver' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Receiver 2');
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByRole('cell', { name: /^Receiver 2/ }).waitFor();
    await page.getByRole('button', { name: 'Check Receiver 2' }).click();
    await page.getByTestId('check-Receiver 2').filter({ hasText: 'OK: status 200' }).waitFor();
    // The token read back as "***" and sent so: the saved one is kept.
    expect(stack.receiver.received('/events')[1]?.headers.authorization).toBe(
      'Bearer tok-SECRET-1',
    );

    await page.getByRole('button', { name: 'Rotate secret Receiver 2' }).click();
    const rotated = (await page.getByTestId('signing-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);

    await page.getByRole('button', { name: 'Delete Receiver 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No saved webhooks yet.').waitFor();
    expect((await stack.serve.api('GET', '/v1/webhooks')).body.items).toEqual([]);
    await page.close();
  });

  it('sets a flow’s name, description and flow end webhook in the flow settings panel, then the default webhook', async () => {
    const { stack, browser } = suite;
    for (const [name, isDefault] of [
      ['Main', true],
      ['Audit', false],
    ] as const) {
      await ok(
        stack.serve.api('POST', '/v1/webhooks', {
          body: { name, url: stack.receiver.url(`/${name}`), isDefault },
        }),
        'POST /v1/webhooks',
      );
    }
    const created = await ok(
      stack.serve.api('POST', '/v1/flows', {
        body: { name: 'Ends', start: 'end_1', widgets: { end_1: { type: 'end' } } },
      }),
      'POST /v1/flows',
    );
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${created.id}`);
    const settings = page.getByRole('region', { name: 'Flow settings' });
    await settings.getByLabel('Name').fill('Ends and audits');
    await settings.getByLabel('Description').fill('Tells the CRM when a call ends.');
    await settings.getByLabel('Send a flow end webhook').check();
    const select = settings.getByLabel('Webhook for the flow');
    await expect(select.inputValue()).resolves.toBe('');
    await expect(select.locator('option:checked').textContent()).resolves.toBe(
      'The default webhook (Main)',
    );
    const saveAndRead = async (version: number) => {
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `saved: version ${version}` })
        .waitFor();
      return ok(stack.serve.api('GET', `/v1/flows/${created.id}`));
    };
    const first = await saveAndRead(2);
    expect(first).toMatchObject({
      name: 'Ends and audits',
      description: 'Tells the CRM when a call ends.',
      settings: { flowEndWebhook: true },
    });
    await select.selectOption('Audit');
    await screenshot(page, 'flow-settings');
    expect((await saveAndRead(3)).settings).toEqual({ flowEndWebhook: 'Audit' });
    await page.reload();
    await expect(
      page
        .getByRole('region', { name: 'Flow settings' })
        .getByLabel('Webhook for the flow')
        .inputValue(),
    ).resolves.toBe('Audit');
    await page
      .getByRole('region', { name: 'Flow settings' })
      .getByLabel('Send a flow end webhook')
      .uncheck();
    expect((await saveAndRead(4)).settings).toBeUndefined();

    await page.getByRole('link', { name: 'Saved webhooks' }).click();
    await page.getByRole('button', { name: 'Set default Audit' }).click();
    await page.getByRole('button', { name: 'Set default Main' }).waitFor();
    await expect(page.getByRole('cell', { name: /^Audit/ }).textContent()).resolves.toContain(
      'default',
    );
    const items = (await stack.serve.api('GET', '/v1/webhooks')).body.items;
    expect(items.map((item: any) => [item.name, item.isDefault])).toEqual(
      expect.arrayContaining([
        ['Main', false],
        ['Audit', true],
      ]),
    );
    await page.close();
  });
});
