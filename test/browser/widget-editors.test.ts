/**
 * The side panel's widget editors in a real browser against a real `hookline serve`
 * (docs/designer.md "Widget editors"): a webhook configured by its form fields (URL variable
 * completion, a mandatory header, a JSON body flagged then fixed, a mapping), a saved-mode
 * webhook picked from the account's list, and input and play widgets edited through the forms
 * generated from their JSON Schema. Each is saved, reloaded and read back through the API.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ok } from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

async function createFlow(document: Record<string, unknown>): Promise<string> {
  const created = await ok(
    suite.stack.serve.api('POST', '/v1/flows', { body: document }),
    'POST /v1/flows',
  );
  return String(created.id);
}

async function open(page: Page, flowId: string, widgetId: string): Promise<void> {
  await page.goto(suite.stack.serve.url);
  const signIn = page.getByLabel('API key');
  await page.getByRole('heading', { name: 'Flows' }).or(signIn).waitFor();
  if (await signIn.isVisible()) await suite.signIn(page);
  await page.goto(`${suite.stack.serve.url}/flows/${flowId}`);
  await page.locator(`.react-flow__node[data-id="${widgetId}"] .widget-name`).click();
  await page.locator('.side-panel code', { hasText: widgetId }).waitFor();
}

async function saveAs(page: Page, version: number): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `saved: version ${version}` })
    .waitFor();
}

async function savedConfig(flowId: string, widgetId: string): Promise<unknown> {
  const flow = await ok(suite.stack.serve.api('GET', `/v1/flows/${flowId}`));
  return flow.widgets[widgetId].config;
}

const BODY_FIXED = '{"id": "$flow.key.customer_id", "n": $flow.key.count}';

describe('widget editors', () => {
  it('configures a webhook by its form fields, saves, reloads, and the document has exactly those values', async () => {
    const flowId = await createFlow({
      name: 'Lookup by form',
      start: 'keep',
      widgets: {
        keep: {
          type: 'store',
          config: { variables: [{ key: 'customer_id', value: '42' }] },
          lines: ['call'],
        },
        call: {
          type: 'webhook',
          config: { request: { method: 'GET', url: 'https://api.example.com/' } },
          lines: ['bye', 'bye'],
        },
        bye: { type: 'end' },
      },
    });
    const page = await suite.browser.page();
    await open(page, flowId, 'call');

    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    const url = page.getByLabel('URL', { exact: true });
    await url.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('https://api.example.com/customers/$flow.key.cu');
    const suggestion = page.locator('.cm-tooltip-autocomplete li', {
      hasText: '$flow.key.customer_id',
    });
    await suggestion.waitFor();
    // CodeMirror ignores Enter for 75 ms after the list opens (its interactionDelay).
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    await expect(url.textContent()).resolves.toBe(
      'https://api.example.com/customers/$flow.key.customer_id',
    );

    await page.getByLabel('Auth type').selectOption('bearer');
    await page.getByLabel('Token').fill('tok-SECRET-1');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('X-Trace');
    await page.getByLabel('Header 1 value').fill('$flow.key.trace');
    await page.getByLabel('Header 1 mandatory').check();

    await page.getByLabel('Body type').selectOption('json');
    const body = page.getByLabel('Body', { exact: true });
    await body.click();
    await page.keyboard.insertText('{"id": "$flow.key.customer_id",}');
    const mark = page.locator('.body-editor .cm-lintRange-error');
    await mark.waitFor();
    await page.locator('.body-editor .cm-lint-marker-error').waitFor();
    await screenshot(page, 'widget-editor-lint');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(BODY_FIXED);
    await mark.waitFor({ state: 'detached' });
    // The lint runs 200 ms after a change: still no mark after it ran.
    await page.waitForTimeout(600);
    await expect(mark.count()).resolves.toBe(0);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByLabel('Mapping 1 save in').fill('$flow.key.name');
    await page.getByLabel('Mapping 1 path').fill('data.customer.name');
    await page.getByLabel('Mapping 1 default').fill('unknown');
    await page.getByLabel('Mapping 1 mandatory').check();
    await page.getByText('No problems.').waitFor();
    await page.getByLabel('Method', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'widget-editor-webhook');
    await saveAs(page, 2);

    await page.reload();
    await suite.selectWidget(page, 'call');
    await page.getByLabel('URL', { exact: true }).filter({ hasText: 'customer_id' }).waitFor();
    // The stored token reads back as *** and is never shown: the field is empty.
    await expect(page.getByLabel('Token').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain('tok-SECRET-1');
    await expect(page.getByLabel('Header 1 mandatory').isChecked()).resolves.toBe(true);
    await expect(savedConfig(flowId, 'call')).resolves.toEqual({
      request: {
        method: 'POST',
        url: 'https://api.example.com/customers/$flow.key.customer_id',
        auth: { type: 'bearer', token: '***' },
        headers: [{ key: 'X-Trace', value: '$flow.key.trace', mandatory: true }],
        bodyType: 'json',
        body: BODY_FIXED,
      },
      response: {
        mappings: [
          {
            saveIn: '$flow.key.name',
            path: 'data.customer.name',
            default: 'unknown',
            mandatory: true,
          },
        ],
      },
    });

    // Saved again untouched, the *** keeps the stored token: a test request sends it.
    await page.getByLabel('Timeout (seconds, 1–60)').fill('15');
    await saveAs(page, 3);
    await expect(savedConfig(flowId, 'call')).resolves.toMatchObject({
      timeoutSeconds: 15,
      request: { auth: { type: 'bearer', token: '***' } },
    });
    await page.close();
  });

  it('picks a saved webhook from the account’s list, then an internal function', async () => {
    await ok(
      suite.stack.serve.api('POST', '/v1/webhooks', {
        body: {
          name: 'crm',
          url: 'https://crm.example.com/hooks',
          method: 'PUT',
          auth: { type: 'none' },
          bodyType: 'json',
        },
      }),
      'POST /v1/webhooks',
    );
    const flowId = await createFlow({
      name: 'Saved mode',
      start: 'call',
      widgets: {
        call: {
          type: 'webhook',
          config: { request: { method: 'GET', url: 'https://api.example.com/' } },
          lines: ['bye', 'bye'],
        },
        bye: { type: 'end' },
      },
    });
    const page = await suite.browser.page();
    await open(page, flowId, 'call');
    await page.getByLabel('Mode', { exact: true }).selectOption('saved');
    await page.getByLabel('Saved webhook', { exact: true }).selectOption('crm');
    await page
      .getByTestId('saved-webhook-target')
      .filter({ hasText: 'PUT https://crm.example.com/hooks' })
      .waitFor();
    await expect(page.getByLabel('URL', { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Method', { exact: true }).inputValue()).resolves.toBe('');
    await screenshot(page, 'widget-editor-saved');
    await saveAs(page, 2);
    await expect(savedConfig(flowId, 'call')).resolves.toEqual({ mode: 'saved', webhook: 'crm' });
    await page.reload();
    await suite.selectWidget(page, 'call');
    await expect(page.getByLabel('Saved webhook', { exact: true }).inputValue()).resolves.toBe(
      'crm',
    );

    // An XML body is checked in the browser's parser, with tokens read as text.
    await page.getByLabel('Body type').selectOption('xml');
    await page.getByLabel('Body', { exact: true }).click();
    await page.keyboard.insertText('<order><id>$flow.key.id</id></ordr>');
    const mark = page.locator('.body-editor .cm-lintRange-error');
    await mark.waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('<order id="${flow.key.id}">$flow.key.note &amp; more</order>');
    await mark.waitFor({ state: 'detached' });
    // The lint runs 200 ms after a change: still no mark after it ran.
    await page.waitForTimeout(600);
    await expect(mark.count()).resolves.toBe(0);

    // Internal mode: the function from the catalogue, then its inputs.
    await page.getByLabel('Mode', { exact: true }).selectOption('internal');
    await page.getByLabel('Function', { exact: true }).selectOption('shortURL');
    await page.getByLabel('longUrl').fill('https://example.com/orders/$flow.key.order_id');
    await saveAs(page, 3);
    await expect(savedConfig(flowId, 'call')).resolves.toEqual({
      mode: 'internal',
      function: 'shortURL',
      inputs: { longUrl: 'https://example.com/orders/$flow.key.order_id' },
    });
    await page.close();
  });

  it('edits input, play and decision widgets through the forms generated from their schema (undo too)', async () => {
    const flowId = await createFlow({
      name: 'Generated forms',
      start: 'ask',
      widgets: {
        ask: {
          type: 'input',
          config: { prompt: 'Press 1', maxDigits: 1 },
          lines: ['hello', 'hello'],
        },
        hello: { type: 'play', config: { text: 'Hello' }, lines: ['route'] },
        route: {
          type: 'decision',
          config: { conditions: [{ variable: 'choice', operator: 'equals', value: '1' }] },
          lines: [null, null],
        },
        bye: { type: 'end' },
      },
      // Placed so that no card sits under the minimap (bottom right).
      layout: {
        bye: { x: -400, y: 0 },
        ask: { x: 0, y: 0 },
        route: { x: 400, y: 0 },
        hello: { x: 0, y: 300 },
      },
    });
    const page = await suite.browser.page();
    await open(page, flowId, 'ask');
    await page.getByLabel('Prompt').fill('Enter your account number');
    // Keyboard alone: Tab goes to the next field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('8');
    await expect(page.getByLabel('Max digits').inputValue()).resolves.toBe('8');
    await page.getByLabel('Timeout (seconds)').fill('10');
    await page.getByLabel('Save in').fill('$flow.key.account');
    await screenshot(page, 'widget-editor-input');

    await suite.selectWidget(page, 'hello');
    await page.getByLabel('Kind').selectOption('audio');
    await page.getByLabel('Audio', { exact: true }).fill('https://cdn.example.com/hi.wav');
    await page.locator('.toolbar h1').click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await suite.selectWidget(page, 'hello');
    await expect(page.getByLabel('Text', { exact: true }).inputValue()).resolves.toBe('Hello');
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect(page.getByLabel('Audio', { exact: true }).inputValue()).resolves.toBe(
      'https://cdn.example.com/hi.wav',
    );
    // Edit as JSON shows the same config, and follows undo and redo too.
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const json = page.getByLabel('Config (JSON)');
    await json.filter({ hasText: 'hi.wav' }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await json.filter({ hasText: '"text": "Hello"' }).waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await json.filter({ hasText: 'hi.wav' }).waitFor();

    await suite.selectWidget(page, 'route');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 2 variable').fill('$flow.key.account');
    await page.getByLabel('Condition 2 operator').selectOption('matches');
    await page.getByLabel('Condition 2 value').fill('^[0-9]{8}$');
    // The decision now takes three lines (two conditions and no match): connect the third.
    await page
      .getByTestId('handle-route-2')
      .dragTo(page.locator('.react-flow__node[data-id="bye"] .react-flow__handle.target'));
    await page.locator('.react-flow__edge[data-id="route:2"]').waitFor();
    await page.getByText('No problems.').waitFor();
    await screenshot(page, 'widget-editor-decision');
    await saveAs(page, 2);
    const flow = await ok(suite.stack.serve.api('GET', `/v1/flows/${flowId}`));
    expect(flow.widgets.route.config).toEqual({
      conditions: [
        { variable: 'choice', operator: 'equals', value: '1' },
        { variable: '$flow.key.account', operator: 'matches', value: '^[0-9]{8}$' },
      ],
    });
    expect(flow.widgets.ask.config).toEqual({
      prompt: 'Enter your account number',
      maxDigits: 8,
      timeoutSeconds: 10,
      saveIn: '$flow.key.account',
    });
    expect(flow.widgets.hello.config).toEqual({ audio: 'https://cdn.example.com/hi.wav' });
    await page.close();
  });
});
