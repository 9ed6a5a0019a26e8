/**
 * A webhook widget's test request in the designer's side panel, in a real browser against a
 * real `hookline serve` and a loopback JSON API (docs/designer.md): press Test, see the
 * request and response, press a value of the body to add a mapping, save, reload.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

describe('test request of a webhook widget', () => {
  it('runs the widget, shows the response as a tree, and a pressed value becomes a mapping', async () => {
    const { stack, browser } = suite;
    stack.receiver.handle('/customers/42', (_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"customer":{"name":"Ada","tags":["vip"]}}');
    });
    const created = await ok(
      stack.serve.api('POST', '/v1/flows', {
        body: {
          name: 'Lookup',
          start: 'lookup',
          widgets: {
            lookup: {
              type: 'webhook',
              config: {
                request: {
                  method: 'GET',
                  url: stack.receiver.url('/customers/$flow.key.id'),
                  auth: { type: 'bearer', token: 'tok-HIDDEN' },
                },
              },
              lines: ['bye', 'bye'],
            },
            bye: { type: 'end' },
          },
        },
      }),
      'POST /v1/flows',
    );
    const page = await browser.page();
    await suite.signIn(page);
    await page.goto(`${stack.serve.url}/flows/${created.id}`);
    await suite.selectWidget(page, 'lookup');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 1 name').fill('id');
    await page.getByLabel('Variable 1 value').fill('42');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByTestId('test-status').filter({ hasText: 'Status 200' }).waitFor();
    const result = page.getByLabel('Test result');
    await expect(result.textContent()).resolves.toContain(
      `GET ${stack.receiver.url('/customers/42')}`,
    );
    expect(await page.content()).not.toContain('tok-HIDDEN');

    await page.getByRole('button', { name: 'Map data.customer.name' }).click();
    // The webhook editor's mappings table shows the picked value at once.
    await expect(page.getByLabel('Mapping 1 save in').inputValue()).resolves.toBe('$flow.key.name');
    await expect(page.getByLabel('Mapping 1 path').inputValue()).resolves.toBe(
      'data.customer.name',
    );
    await page.getByLabel('Response body').scrollIntoViewIfNeeded();
    await screenshot(page, 'widget-test');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'saved: version 2' }).waitFor();

    await page.reload();
    await suite.selectWidget(page, 'lookup');
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    await page.getByLabel('Config (JSON)').filter({ hasText: 'data.customer.name' }).waitFor();
    const saved = await ok(stack.serve.api('GET', `/v1/flows/${created.id}`));
    expect(saved.widgets.lookup.config.response.mappings).toEqual([
      { saveIn: '$flow.key.name', path: 'data.customer.name' },
    ]);
    await page.close();
  });

  it('lists an invalid config’s problems; shows an XML body as a tree, a pressed value maps as xml', async () => {
    const { stack, browser } = suite;
    stack.receiver.handle('/orders', (_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end('<order id="7"><status>shipped</status><line>a</line><line>b</line></order>');
    });
    const request = { method: 'GET', url: stack.receiver.url('/orders') };
    const created = await ok(
      stack.serve.api('POST', '/v1/flows', {
        body: {
          name: 'Orders',
          start: 'order',
          widgets: {
            order: { type: 'webhook', config: { request }, lines: ['bye', 'bye'] },
            bye: { type: 'end' },
          },
        },
      }),
      'POST /v1/flows',
    );
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${created.id}`);
    await suite.selectWidget(page, 'order');
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const editor = page.getByLabel('Config (JSON)');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ request: { ...request, method: 'FETCH' } }));
    suite.expectErrors(/status of 400/);
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'config.request.method' }).waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ request }));
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByTestId('test-status').filter({ hasText: 'Status 200' }).waitFor();
    await page.getByRole('button', { name: 'Map data.order.status' }).click();
    await page.getByRole('button', { name: 'Map data.order.@id' }).click();
    await page.getByRole('button', { name: 'Map data.order.line[1]' }).waitFor();
    await page.getByLabel('Config (JSON)').filter({ hasText: 'data.order.@id' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'saved: version 2' }).waitFor();

    const saved = await ok(stack.serve.api('GET', `/v1/flows/${created.id}`));
    const { config } = saved.widgets.order;
    expect(config.response).toEqual({
      type: 'xml',
      mappings: [
        { saveIn: '$flow.key.status', path: 'data.order.status' },
        { saveIn: '$flow.key.id', path: 'data.order.@id' },
      ],
    });
    // The picked paths read what was pressed when the widget runs.
    const run = await ok(stack.serve.api('POST', '/v1/widget-tests', { body: { config } }));
    expect(run.variables).toMatchObject({ '$flow.key.status': 'shipped', '$flow.key.id': '7' });
    await page.close();
  });
});
