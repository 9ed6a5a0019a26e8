/**
 * The Run panel and the Executions view in a real browser against a real `hookline serve`
 * (docs/designer.md): call a saved flow, hear its play text, answer its input on the keypad,
 * see the path light up, the variables and the end; hang up on a waiting call; find the call
 * again among the flow's executions; closing the panel mid-call asks and hangs up; an open
 * execution that has not ended is followed live.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ok } from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

/** play → input (2 digits) → store → decision on them → play → end. */
const FLOW = {
  name: 'Two digits',
  start: 'hello',
  widgets: {
    hello: { type: 'play', config: { text: 'Welcome to Hookline' }, lines: ['ask'] },
    ask: {
      type: 'input',
      config: { prompt: 'Enter two digits', maxDigits: 2, timeoutSeconds: 60 },
      lines: ['keep', 'bye'],
    },
    keep: {
      type: 'store',
      config: { variables: [{ key: 'choice', value: '${flow.key.input}' }] },
      lines: ['check'],
    },
    check: {
      type: 'decision',
      config: { conditions: [{ variable: '$flow.key.choice', operator: 'equals', value: '42' }] },
      lines: ['right', 'wrong'],
    },
    right: { type: 'play', config: { text: 'Forty-two it is' }, lines: ['bye'] },
    wrong: { type: 'play', config: { text: 'Not that one' }, lines: ['bye'] },
    bye: { type: 'end' },
  },
};

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const edge = (page: Page, id: string) => page.locator(`.react-flow__edge[data-id="${id}"]`);

async function classOf(page: Page, id: string): Promise<string> {
  return (await node(page, id).getAttribute('class')) ?? '';
}

/** Opens the flow, then the Run panel, and starts a call that reaches the input widget. */
async function callUntilAsked(page: Page, flowId: string): Promise<void> {
  await page.goto(`${suite.stack.serve.url}/flows/${flowId}`);
  await node(page, 'hello').waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('textbox', { name: 'From', exact: true }).fill('+15550100');
  await page.getByRole('button', { name: 'Add call variable' }).click();
  await page.getByLabel('Call variable 1 name').fill('caller');
  await page.getByLabel('Call variable 1 value').fill('Ada');
  await page.getByRole('button', { name: 'Start call' }).click();
  await page.getByRole('list', { name: 'Call' }).getByText('Welcome to Hookline').waitFor();
  await page.getByRole('group', { name: 'Keypad' }).waitFor();
}

describe('running a flow from the designer', () => {
  let flowId = '';

  it('calls the saved flow: play text, keypad answer, the path lit, variables and the end', async () => {
    const { stack, browser } = suite;
    flowId = (await ok(stack.serve.api('POST', '/v1/flows', { body: FLOW }), 'POST /v1/flows')).id;
    const page = await browser.page();
    await suite.signIn(page);
    await callUntilAsked(page, flowId);
    // Waiting at the input: what ran is lit, the input widget is the current one.
    expect(await classOf(page, 'hello')).toMatch(/\bvisited\b/);
    expect(await classOf(page, 'ask')).toMatch(/\bcurrent\b/);
    expect(await classOf(page, 'keep')).not.toMatch(/\bvisited\b/);
    await page.getByRole('list', { name: 'Call' }).getByText('Enter two digits').waitFor();
    // Every key is a labelled button.
    for (const key of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'star', 'hash']) {
      await expect(page.getByRole('button', { name: `Key ${key}` }).count()).resolves.toBe(1);
    }

    await screenshot(page, 'run-keypad');
    await page.getByRole('button', { name: 'Key 4' }).click();
    await page.getByRole('button', { name: 'Key 2' }).click();
    await page.getByTestId('end-reason').filter({ hasText: 'end' }).waitFor();
    await page.getByRole('list', { name: 'Call' }).getByText('Forty-two it is').waitFor();
    await expect(page.getByRole('list', { name: 'Call' }).textContent()).resolves.toContain(
      'You: 42',
    );
    const choice = page.getByRole('table', { name: 'Variables' }).getByRole('row', {
      name: '$flow.key.choice',
    });
    await expect(choice.getByRole('cell').textContent()).resolves.toBe('42');
    await expect(page.getByTestId('run-status').textContent()).resolves.toBe('completed');
    for (const id of ['hello', 'ask', 'keep', 'check', 'right', 'bye']) {
      expect(await classOf(page, id), id).toMatch(/\bvisited\b/);
    }
    expect(await classOf(page, 'wrong')).not.toMatch(/\bvisited\b/);
    expect(await classOf(page, 'bye')).not.toMatch(/\bcurrent\b/);
    expect(await edge(page, 'check:0').getAttribute('class')).toMatch(/\bvisited\b/);
    expect(await edge(page, 'check:1').getAttribute('class')).not.toMatch(/\bvisited\b/);
    // The timeline: every step with its duration.
    const steps = page.getByRole('list', { name: 'Steps' });
    await expect(steps.getByRole('listitem').count()).resolves.toBe(6);
    await expect(page.getByTestId('step-check').textContent()).resolves.toMatch(
      /line 0 → right.*\d+ m?s/,
    );
    await screenshot(page, 'run-panel');

    // The Executions view: filter by status, open the call, see its path and steps.
    await page.getByRole('button', { name: 'Executions', exact: true }).click();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('waiting');
    await page.getByText('No executions waiting.').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('completed');
    const open = page.getByRole('button', { name: /^Open execution / });
    await open.first().waitFor();
    await expect(open.count()).resolves.toBe(1);
    expect(await classOf(page, 'hello')).not.toMatch(/\bvisited\b/);
    await open.first().click();
    await page.getByRole('list', { name: 'Steps' }).waitFor();
    await expect(
      page.getByRole('list', { name: 'Steps' }).getByRole('listitem').count(),
    ).resolves.toBe(6);
    await expect(page.getByTestId('end-reason').textContent()).resolves.toBe('end');
    expect(await classOf(page, 'right')).toMatch(/\bvisited\b/);
    expect(await classOf(page, 'wrong')).not.toMatch(/\bvisited\b/);
    await screenshot(page, 'executions');
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await classOf(page, 'right')).not.toMatch(/\bvisited\b/);
    await page.close();
  });

  it('hangs up on a call waiting for input: it ends callerHangup', async () => {
    const page = await suite.browser.page();
    await callUntilAsked(page, flowId);
    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await page.getByTestId('end-reason').filter({ hasText: 'callerHangup' }).waitFor();
    await expect(page.getByTestId('run-status').textContent()).resolves.toBe('completed');
    await expect(page.getByRole('list', { name: 'Call' }).textContent()).resolves.toContain(
      'You hung up',
    );
    await expect(page.getByRole('group', { name: 'Keypad' }).count()).resolves.toBe(0);
    expect(await classOf(page, 'keep')).not.toMatch(/\bvisited\b/);
    await page.close();
  });

  it('answers a waiting execution opened from the Executions view', async () => {
    const { stack, browser } = suite;
    const started = await ok(
      stack.serve.api('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: {} }),
      'POST executions',
    );
    expect(started.status).toBe('waiting');
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${flowId}`);
    await page.getByRole('button', { name: 'Executions', exact: true }).click();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('waiting');
    await page.getByRole('button', { name: `Open execution ${started.id}` }).click();
    await page.getByTestId('run-status').filter({ hasText: 'waiting' }).waitFor();
    expect(await classOf(page, 'ask')).toMatch(/\bcurrent\b/);
    await page.getByRole('button', { name: 'Answer in the Run panel' }).click();
    await page.getByRole('list', { name: 'Call' }).getByText('Welcome to Hookline').waitFor();
    await page.getByLabel('Digits or text').fill('7');
    await page.getByLabel('Digits or text').press('Enter');
    await page.getByTestId('end-reason').filter({ hasText: 'end' }).waitFor();
    await page.getByRole('list', { name: 'Call' }).getByText('Not that one').waitFor();
    expect(await classOf(page, 'wrong')).toMatch(/\bvisited\b/);
    expect(await classOf(page, 'right')).not.toMatch(/\bvisited\b/);
    await page.close();
  });

  it('asks before closing the Run panel during a call, then hangs the call up', async () => {
    const { stack, browser } = suite;
    const page = await browser.page();
    await callUntilAsked(page, flowId);
    await page.getByRole('button', { name: 'Close' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hang up the call?' });
    await dialog.waitFor();
    await screenshot(page, 'run-close');
    // Cancel keeps the panel and the call.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('group', { name: 'Keypad' }).waitFor();
    const newest = async () =>
      (await ok(stack.serve.api('GET', `/v1/executions?flowId=${flowId}`))).items[0];
    const call = await newest();
    expect(call.status).toBe('waiting');
    await page.getByRole('button', { name: 'Close' }).click();
    await dialog.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('complementary', { name: 'Run' }).waitFor({ state: 'detached' });
    await expect
      .poll(async () => {
        const read = await ok(stack.serve.api('GET', `/v1/executions/${call.id}`));
        return [read.status, read.endReason];
      })
      .toEqual(['completed', 'callerHangup']);
    // With no call going on, Close does not ask.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('complementary', { name: 'Run' }).waitFor({ state: 'detached' });
    await expect(dialog.count()).resolves.toBe(0);
    await page.close();
  });

  it('follows an execution opened from the Executions view until it ends', async () => {
    const { stack, browser } = suite;
    const started = await ok(
      stack.serve.api('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: {} }),
      'POST executions',
    );
    expect(started.status).toBe('waiting');
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${flowId}`);
    await page.getByRole('button', { name: 'Executions', exact: true }).click();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('waiting');
    await page.getByRole('button', { name: `Open execution ${started.id}` }).click();
    await page.getByText('Following the execution live').waitFor();
    expect(await classOf(page, 'ask')).toMatch(/\bcurrent\b/);
    expect(await classOf(page, 'right')).not.toMatch(/\bvisited\b/);
    // Answered elsewhere (the API): the open execution's path moves on by itself.
    await ok(
      stack.serve.api('POST', `/v1/executions/${started.id}/input`, { body: { digits: '42' } }),
      'POST input',
    );
    await node(page, 'right').and(page.locator('.visited')).waitFor();
    await page.getByTestId('run-status').filter({ hasText: 'completed' }).waitFor();
    await page.getByText('Following the execution live').waitFor({ state: 'detached' });
    expect(await classOf(page, 'bye')).toMatch(/\bvisited\b/);
    expect(await classOf(page, 'wrong')).not.toMatch(/\bvisited\b/);
    expect(await edge(page, 'check:0').getAttribute('class')).toMatch(/\bvisited\b/);
    await screenshot(page, 'execution-followed');
    await page.close();
  });

  it('shows hold music and a webhook step’s request and response, without its secret', async () => {
    const { stack, browser } = suite;
    stack.receiver.handle('/account', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"plan":"gold"}');
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
                  url: stack.receiver.url('/account'),
                  auth: { type: 'bearer', token: 'tok-HIDDEN' },
                },
                holdMusic: { enabled: true },
              },
              lines: ['thanks', 'bye'],
            },
            thanks: { type: 'play', config: { text: 'Thanks for waiting' }, lines: ['bye'] },
            bye: { type: 'end' },
          },
        },
      }),
      'POST /v1/flows',
    );
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${created.id}`);
    await node(page, 'lookup').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('button', { name: 'Start call' }).click();
    await page.getByTestId('end-reason').filter({ hasText: 'end' }).waitFor();
    const heard = page.getByRole('list', { name: 'Call' });
    await expect(heard.textContent()).resolves.toBe('Hold music playedThanks for waiting');
    await page.getByTestId('step-lookup').locator('summary').press('Enter');
    const exchange = page.getByLabel('lookup request and response');
    await expect(exchange.textContent()).resolves.toContain(
      `RequestGET ${stack.receiver.url('/account')}Responsestatus 200 in`,
    );
    expect(await page.content()).not.toContain('tok-HIDDEN');
    expect(await edge(page, 'lookup:0').getAttribute('class')).toMatch(/\bvisited\b/);
    await screenshot(page, 'run-webhook');
    await page.close();
  });
});
