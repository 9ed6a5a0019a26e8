import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../e2e/support/run-cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; pages record console errors and warnings. */
export interface Browser {
  context: BrowserContext;
  /** A new page; its console errors and warnings and page errors are collected in `errors`. */
  page(): Promise<Page>;
  /** Everything logged as an error or a warning (`warning: …`) by any page so far. */
  errors: string[];
  /** Screenshots every page still open (a failed test's state). */
  screenshotOpenPages(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'hookline-chromium-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const errors: string[] = [];
  const pages: Page[] = [];
  return {
    async screenshotOpenPages(prefix) {
      await Promise.all(
        pages
          .filter((page) => !page.isClosed())
          .map((page, index) => screenshot(page, `${prefix}-${index}`)),
      );
    },
    context,
    errors,
    async page() {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
        if (message.type() === 'warning') errors.push(`warning: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      pages.push(page);
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
