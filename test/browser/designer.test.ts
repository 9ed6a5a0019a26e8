/**
 * The designer in a real browser (headless Chromium through playwright-core) against a real
 * `hookline serve`: sign in, build a flow by drag and drop, save, reload, validation
 * problems, and a stale save's conflict dialog (docs/designer.md). Screenshots go to
 * test-output/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/support/run-cli.js';
import type { Stack } from '../e2e/server/helpers.js';
import { screenshot, type Browser } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();
const { signIn } = suite;
let stack: Stack;
let browser: Browser;
beforeAll(() => {
  ({ stack, browser } = suite);
});

/** Drags a palette entry onto the canvas at (x, y) of the canvas. */
async function drop(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), {
    targetPosition: { x, y },
  });
  await page.locator(`.react-flow__node[data-id="${type}_${type === 'end' ? 2 : 1}"]`).waitFor();
}

/** Drags from line `line` of `source` to the input handle of `target`. */
async function connect(page: Page, source: string, line: number, target: string): Promise<void> {
  await page
    .getByTestId(`handle-${source}-${line}`)
    .dragTo(page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.target`));
  await page.locator(`.react-flow__edge[data-id="${source}:${line}"]`).waitFor();
}

async function select(page: Page, id: string): Promise<void> {
  await page.locator(`.react-flow__node[data-id="${id}"] .widget-name`).click();
  await page.locator('.side-panel code', { hasText: id }).waitFor();
}

let flowId = '';

describe('designer in a browser', () => {
  it('signs in with an API key (Enter submits) and shows the flows list', async () => {
    const page = await browser.page();
    await page.goto(stack.serve.url);
    await page.getByLabel('API key').waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill('hl_wrong');
    await page.getByLabel('API key').press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/unknown or revoked/);
    suite.expectErrors(/status of 401/);
    await signIn(page);
    const cookies = await browser.context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'hookline_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.close();
  });

  it('creates a flow and builds webhook → decision → two ends by drag and drop, saves, reloads', async () => {
    const page = await browser.page();
    await page.goto(stack.serve.url); // signed in by the first test: the cookie is kept
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByLabel('New flow name').fill('Order routing');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.locator('.react-flow__node[data-id="end_1"]').waitFor();
    flowId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

    await drop(page, 'webhook', 120, 80);
    await drop(page, 'decision', 420, 80);
    await drop(page, 'end', 620, 380);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('status').filter({ hasText: 'laid out' }).waitFor();
    await select(page, 'webhook_1');
    await page.getByRole('button', { name: 'Set as start' }).click();
    await page.locator('.react-flow__node[data-id="webhook_1"] .badge.start').waitFor();
    await page.getByTestId('handle-decision_1-1').waitFor();
    await connect(page, 'webhook_1', 0, 'decision_1');
    await connect(page, 'decision_1', 0, 'end_1');
    await connect(page, 'decision_1', 1, 'end_2');
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('status').filter({ hasText: 'laid out' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'saved: version 2' }).waitFor();
    await page.getByText('No problems.').waitFor();
    await screenshot(page, 'canvas');

    const saved = await stack.serve.api('GET', `/v1/flows/${flowId}`);
    expect(saved.body).toMatchObject({
      version: 2,
      start: 'webhook_1',
      widgets: {
        webhook_1: { type: 'webhook', lines: ['decision_1'] },
        decision_1: { type: 'decision', lines: ['end_1', 'end_2'] },
        end_1: { type: 'end' },
        end_2: { type: 'end' },
      },
    });
    expect(Object.keys(saved.body.layout).sort()).toEqual([
      'decision_1',
      'end_1',
      'end_2',
      'webhook_1',
    ]);

    await page.reload();
    await page.locator('.react-flow__edge[data-id="decision_1:1"]').waitFor();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(3);
    await expect(page.getByTestId('handle-webhook_1-1').getAttribute('aria-label')).resolves.toBe(
      'line 1 failure',
    );
    await page.getByRole('link', { name: 'Hookline' }).click();
    await page.getByRole('cell', { name: 'Order routing', exact: true }).waitFor();
    await screenshot(page, 'flows');
    await page.close();
  });

  it('duplicates, renames and deletes (after confirming) flows from the list', async () => {
    const page = await browser.page();
    await page.goto(stack.serve.url);
    await page.getByRole('button', { name: 'Duplicate Order routing', exact: true }).click();
    await page.getByRole('cell', { name: 'Order routing (copy)', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Rename Order routing (copy)', exact: true }).click();
    await page.getByLabel('New name').fill('Order routing B');
    await page.getByLabel('New name').press('Enter');
    await page.getByRole('cell', { name: 'Order routing B', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete Order routing B', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Order routing B”?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(
      page.getByRole('cell', { name: 'Order routing B', exact: true }).count(),
    ).resolves.toBe(1);
    await page.getByRole('button', { name: 'Delete Order routing B', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('cell', { name: 'Order routing B', exact: true })
      .waitFor({ state: 'detached' });
    const names = (await stack.serve.api('GET', '/v1/flows')).body.items.map((f: any) => f.name);
    expect(names).toEqual(['Order routing']);
    await page.close();
  });

  it('imports a flow from JSON, lays it out on opening, and exports the same document', async () => {
    const page = await browser.page();
    await page.goto(stack.serve.url);
    const file = join(REPO_ROOT, 'examples', 'hello.json');
    await page.getByLabel('Import JSON').setInputFiles(file);
    await page.getByRole('cell', { name: 'Hello (no network)', exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Hello (no network)', exact: true }).click(),
    ]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported).toEqual(JSON.parse(await readFile(file, 'utf8')));
    await page.getByRole('link', { name: 'Hello (no network)' }).click();
    await page.locator('.react-flow__node[data-id="bye"]').waitFor();
    await page.getByText('No problems.').waitFor();
    await expect(page.getByTestId('handle-route-2').getAttribute('aria-label')).resolves.toBe(
      'line 2 no match',
    );
    const top = async (id: string) =>
      (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!.y;
    // Laid out top-down: the start above what it leads to, hang-up last.
    expect(await top('ask')).toBeLessThan(await top('route'));
    expect(await top('connect')).toBeLessThan(await top('bye'));
    await screenshot(page, 'imported');
    await page.close();
  });

  it('shows a validation problem on the widget and in the list, and clears it when fixed', async () => {
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${flowId}`);
    await page.locator('.react-flow__node[data-id="decision_1"]').waitFor();
    await page.getByText('No problems.').waitFor();
    await select(page, 'decision_1');
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const editor = page.getByLabel('Config (JSON)');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{ "conditions": [] }');
    await page.locator('.react-flow__node[data-id="decision_1"] .badge.problems').waitFor();
    await expect(page.locator('.problems li').first().textContent()).resolves.toContain(
      'widgets.decision_1.config.conditions',
    );
    await screenshot(page, 'problems');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(
      '{ "conditions": [{ "variable": "choice", "operator": "equals", "value": "1" }] }',
    );
    await page.getByText('No problems.').waitFor();
    await expect(
      page.locator('.react-flow__node[data-id="decision_1"] .badge.problems').count(),
    ).resolves.toBe(0);
    await page.close();
  });

  it('offers reload or save as a copy when a second page saves on a stale version', async () => {
    const first = await browser.page();
    const second = await browser.page();
    for (const page of [first, second]) {
      await page.goto(`${stack.serve.url}/flows/${flowId}`);
      await page.locator('.react-flow__node[data-id="decision_1"]').waitFor();
    }
    await first.getByRole('button', { name: 'Save', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'saved: version 3' }).waitFor();
    suite.expectErrors(/status of 409/);
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = second.getByRole('dialog', { name: 'This flow changed since you opened it' });
    await dialog.waitFor();
    await screenshot(second, 'conflict');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await second.getByRole('status').filter({ hasText: 'version 3' }).waitFor();
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    await second.getByRole('status').filter({ hasText: 'saved: version 4' }).waitFor();
    await first.close();
    await second.close();
  });

  it('undoes and redoes a deletion (buttons and Ctrl+Z)', async () => {
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${flowId}`);
    const node = page.locator('.react-flow__node[data-id="end_2"]');
    const edge = page.locator('.react-flow__edge[data-id="decision_1:1"]');
    await edge.waitFor();
    await select(page, 'end_2');
    await page.keyboard.press('Delete');
    await node.waitFor({ state: 'detached' });
    await edge.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await edge.waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await node.waitFor({ state: 'detached' });
    await page.locator('.toolbar h1').click();
    await page.keyboard.press('Control+z');
    await edge.waitFor();
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
    await page.close();
  });

  it('marks the onFlowComplete branch apart and saves it', async () => {
    const page = await browser.page();
    await page.goto(`${stack.serve.url}/flows/${flowId}`);
    await select(page, 'end_2');
    await page.getByRole('button', { name: 'Run after the flow ends' }).click();
    await page.locator('.react-flow__node[data-id="end_2"] .on-complete .badge.complete').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'saved: version 5' }).waitFor();
    await screenshot(page, 'on-flow-complete');
    const saved = await stack.serve.api('GET', `/v1/flows/${flowId}`);
    expect(saved.body.onFlowComplete).toBe('end_2');
    await page.close();
  });

  it('returns to sign-in when the session ends elsewhere, and signs out', async () => {
    const page = await browser.page();
    await page.goto(stack.serve.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    // The session ends (as when it expires): the next call answers 401.
    await page.evaluate("fetch('/v1/session', { method: 'DELETE' })");
    suite.expectErrors(/status of 401/);
    await page.getByRole('link', { name: 'Order routing' }).click();
    await page.getByLabel('API key').waitFor();
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    await page.reload();
    await page.getByLabel('API key').waitFor();
    expect((await browser.context.cookies()).map((cookie) => cookie.name)).not.toContain(
      'hookline_session',
    );
    await page.close();
  });
});
