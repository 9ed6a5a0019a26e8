/**
 * A flow's versions in the designer (docs/designer.md "Versions"), in a real browser against
 * a real `hookline serve`: save a second version, open version 1 read-only, restore it (the
 * API then holds version 3 with version 1's content); the flows list's last execution.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ok, startExecution } from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

/** The ids of the widgets on the canvas shown. */
async function canvasWidgets(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.react-flow__node:visible')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id') ?? ''));
  return ids.sort();
}

describe('flow versions in the designer', () => {
  it('collects console warnings: any unexpected one fails the test', async () => {
    const page = await suite.browser.page();
    await page.goto(suite.stack.serve.url);
    await page.evaluate('console.warn("probe warning")');
    await expect.poll(() => suite.browser.errors).toContain('warning: probe warning');
    suite.expectErrors(/^warning: probe warning$/);
    await page.close();
  });

  it('saves twice, opens version 1 read-only and restores it as version 3', async () => {
    const { stack, browser } = suite;
    const page = await browser.page();
    await suite.signIn(page);
    await page.getByLabel('New flow name').fill('Versioned');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.locator('.react-flow__node[data-id="end_1"]').waitFor();
    const flowId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

    await page.getByTestId('palette-hangup').click();
    await page.locator('.react-flow__node[data-id="hangup_1"]').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'saved: version 2' }).waitFor();

    // The versions list: a keyboard-operable modal, Escape closes it.
    await page.getByRole('button', { name: 'Versions' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Versions' });
    await dialog.getByRole('cell', { name: '2 latest' }).waitFor();
    await expect(dialog.getByRole('row').count()).resolves.toBe(3);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Versions' }).click();
    await dialog.getByRole('button', { name: 'View version 1' }).waitFor();
    await screenshot(page, 'versions');
    await dialog.getByRole('button', { name: 'View version 1' }).click();

    await page.getByText('Viewing version 1 (read-only)').waitFor();
    await expect.poll(() => canvasWidgets(page)).toEqual(['end_1']);
    // Nothing can be moved, selected or deleted; the editor's Save is not there.
    const card = page.locator('.version-view .react-flow__node[data-id="end_1"]');
    await expect(card.getAttribute('class')).resolves.not.toMatch(/draggable|selectable/);
    await card.click({ force: true });
    await page.keyboard.press('Delete');
    await page.waitForTimeout(200);
    expect(await canvasWidgets(page)).toEqual(['end_1']);
    await expect(page.getByRole('button', { name: 'Save', exact: true }).isVisible()).resolves.toBe(
      false,
    );
    await screenshot(page, 'version-read-only');

    // Back to the editor, focus on Versions again; then open version 1 once more.
    await page.getByRole('button', { name: 'Back to the editor' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    await expect
      .poll(() => page.evaluate<string>("document.activeElement?.textContent ?? ''"))
      .toBe('Versions');
    expect(await canvasWidgets(page)).toEqual(['end_1', 'hangup_1']);
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'View version 1' }).click();
    await page.getByText('Viewing version 1 (read-only)').waitFor();

    await page.getByRole('button', { name: 'Restore as newest version' }).click();
    await page.getByRole('dialog', { name: 'Restore version 1?' }).waitFor();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'version 3' }).waitFor();
    await expect.poll(() => canvasWidgets(page)).toEqual(['end_1']);

    const [v1, v3] = await Promise.all([
      ok(stack.serve.api('GET', `/v1/flows/${flowId}?version=1`)),
      ok(stack.serve.api('GET', `/v1/flows/${flowId}`)),
    ]);
    expect(v3.version).toBe(3);
    expect(v3.widgets).toEqual(v1.widgets);
    expect(v3.start).toBe(v1.start);
    const versions = await ok(stack.serve.api('GET', `/v1/flows/${flowId}/versions`));
    expect(versions.items.map((item: { version: number }) => item.version)).toEqual([3, 2, 1]);
    await page.close();
  });

  it("shows each flow's last execution status in the flows list", async () => {
    const { stack, browser } = suite;
    const created = await ok(
      stack.serve.api('POST', '/v1/flows', {
        body: {
          name: 'Hangs up',
          start: 'bye',
          widgets: { bye: { type: 'hangup' } },
          layout: { bye: { x: 0, y: 0 } },
        },
      }),
    );
    const execution = await startExecution(stack.serve, created.id as string);
    expect(execution.status).toBe('completed');
    const page = await browser.page();
    await page.goto(stack.serve.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const row = page.getByRole('row', { name: /Hangs up/ });
    await row.getByText('completed (hangup)').waitFor();
    await page
      .getByRole('row', { name: /Versioned/ })
      .getByText('never run')
      .waitFor();
    await expect(page.getByRole('columnheader', { name: 'Last execution' }).count()).resolves.toBe(
      1,
    );
    await screenshot(page, 'flows-last-execution');
    await page.close();
  });

  it('works the flows list by keyboard: focus shows, dialogs keep it, Escape gives it back', async () => {
    const page = await suite.browser.page();
    await page.goto(suite.stack.serve.url);
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const focused = () =>
      page.evaluate<string>(
        "document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''",
      );
    await page.getByLabel('New flow name').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Create flow');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.type')).toBe('file');
    // The Import JSON button shows the focus of its (hidden) file input.
    const outline = await page.evaluate<string>(
      "getComputedStyle(document.activeElement.closest('label.button')).outlineStyle",
    );
    expect(outline).toBe('solid');

    await page.getByRole('button', { name: 'Rename Versioned' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Rename/ });
    await dialog.waitFor();
    for (let presses = 0; presses < 5; presses += 1) {
      await page.keyboard.press('Tab');
      const inside = "document.querySelector('dialog[open]').contains(document.activeElement)";
      expect(await page.evaluate<boolean>(inside)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe('Rename Versioned');
    await page.close();
  });
});
