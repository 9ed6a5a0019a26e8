/**
 * A decision's arrows follow its conditions (docs/designer.md "Widget editors"): adding a
 * condition keeps every condition's target and no match on the last line, removing one
 * removes its arrow and moves the others up, and undo takes the arrows back with the config.
 * Read back through the API's saved document.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ok } from '../e2e/server/helpers.js';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

const suite = browserSuite();

const condition = (value: string) => ({ variable: '$flow.key.choice', operator: 'equals', value });

async function saved(page: Page, flowId: string, version: number) {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `saved: version ${version}` })
    .waitFor();
  const flow = await ok(suite.stack.serve.api('GET', `/v1/flows/${flowId}`));
  return flow.widgets.route as { config: { conditions: unknown[] }; lines: unknown[] };
}

describe('decision lines', () => {
  it('keeps each condition’s arrow and no match last when conditions are added and removed', async () => {
    const created = await ok(
      suite.stack.serve.api('POST', '/v1/flows', {
        body: {
          name: 'Routing',
          start: 'route',
          widgets: {
            route: {
              type: 'decision',
              config: { conditions: [condition('1'), condition('2')] },
              lines: ['a', 'b', 'c'],
            },
            a: { type: 'end' },
            b: { type: 'end' },
            c: { type: 'end' },
            d: { type: 'end' },
          },
          layout: {
            route: { x: 200, y: 0 },
            a: { x: -200, y: 300 },
            b: { x: 50, y: 300 },
            c: { x: 300, y: 300 },
            d: { x: 550, y: 300 },
          },
        },
      }),
      'POST /v1/flows',
    );
    const flowId = String(created.id);
    const page = await suite.browser.page();
    await suite.signIn(page);
    await page.goto(`${suite.stack.serve.url}/flows/${flowId}`);
    await suite.selectWidget(page, 'route');

    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 3 variable').fill('$flow.key.choice');
    await page.getByLabel('Condition 3 value').fill('3');
    // No match moved to line 3 with its arrow; the new condition's line 2 is free.
    await page.locator('.react-flow__edge[data-id="route:3"]').waitFor();
    await expect(page.locator('.react-flow__edge[data-id="route:2"]').count()).resolves.toBe(0);
    let route = await saved(page, flowId, 2);
    expect(route.lines).toEqual(['a', 'b', null, 'c']);
    expect(route.config.conditions).toHaveLength(3);

    await page
      .getByTestId('handle-route-2')
      .dragTo(page.locator('.react-flow__node[data-id="d"] .react-flow__handle.target'));
    await page.locator('.react-flow__edge[data-id="route:2"]').waitFor();
    await page.getByText('No problems.').waitFor();
    await screenshot(page, 'decision-lines');
    expect((await saved(page, flowId, 3)).lines).toEqual(['a', 'b', 'd', 'c']);

    await page.getByRole('button', { name: 'Remove condition 1' }).click();
    await page.locator('.react-flow__edge[data-id="route:3"]').waitFor({ state: 'detached' });
    route = await saved(page, flowId, 4);
    expect(route.lines).toEqual(['b', 'd', 'c']);
    expect(route.config.conditions).toEqual([condition('2'), condition('3')]);

    // Undo takes the condition and its arrow back together; redo removes them again.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('.react-flow__edge[data-id="route:3"]').waitFor();
    expect((await saved(page, flowId, 5)).lines).toEqual(['a', 'b', 'd', 'c']);
    await page.getByRole('button', { name: 'Redo' }).click();
    await page.locator('.react-flow__edge[data-id="route:3"]').waitFor({ state: 'detached' });
    expect((await saved(page, flowId, 6)).lines).toEqual(['b', 'd', 'c']);
    await page.close();
  });
});
