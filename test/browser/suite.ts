import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { killAll } from '../e2e/support/serve-process.js';
import { startStack, type Stack } from '../e2e/server/helpers.js';
import { CHROMIUM, launch, type Browser } from './browser.js';

/** What a browser test file shares: the stack, the browser, the console errors it expects. */
export interface Suite {
  stack: Stack;
  browser: Browser;
  /** Console errors the current test expects (e.g. a 409); any other fails it. */
  expectErrors: (...patterns: RegExp[]) => void;
  /** Signs in with the stack's API key and waits for the flows list. */
  signIn: (page: Page) => Promise<void>;
  /**
   * Clicks a widget on the canvas until it is selected: a click that lands while the canvas
   * still fits its view (a loaded machine) can miss the card.
   */
  selectWidget: (page: Page, id: string) => Promise<void>;
}

/**
 * Registers the hooks of a browser test file: a real `hookline serve` (with `env`) and a
 * headless Chromium for the file; after each test, any console error or warning not expected fails it
 * and a failed test's open pages are screenshot.
 */
export function browserSuite(env: Record<string, string> = {}): Suite {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it (apt-get install -y chromium); .ci/run does`,
    );
  }
  // A browser test takes many steps; on a loaded CI machine each can take seconds.
  vi.setConfig({ testTimeout: 90_000 });
  let expected: RegExp[] = [];
  const suite = {
    expectErrors: (...patterns: RegExp[]) => {
      expected = patterns;
    },
    signIn: async (page: Page) => {
      await page.goto(suite.stack.serve.url);
      await page.getByLabel('API key').fill(suite.stack.apiKey);
      await page.getByLabel('API key').press('Enter');
      await page.getByRole('heading', { name: 'Flows' }).waitFor();
    },
    selectWidget: async (page: Page, id: string) => {
      const node = page.locator(`.react-flow__node[data-id="${id}"]`);
      await expect
        .poll(
          async () => {
            await node.locator('.widget-name').click();
            return node.evaluate((element) => element.classList.contains('selected'));
          },
          { timeout: 20_000, interval: 250 },
        )
        .toBe(true);
    },
  } as Suite;
  beforeAll(async () => {
    [suite.stack, suite.browser] = await Promise.all([startStack({ env }), launch()]);
  }, 120_000);
  afterAll(async () => {
    await suite.browser.close();
    await suite.stack.close();
    await killAll();
  });
  afterEach(async (context) => {
    const { browser } = suite;
    if (context.task.result?.state === 'fail') await browser.screenshotOpenPages('failed');
    const unexpected = browser.errors.filter((error) => !expected.some((re) => re.test(error)));
    browser.errors.length = 0;
    expected = [];
    expect(unexpected).toEqual([]);
  });
  return suite;
}
