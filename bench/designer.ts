/**
 * Designer page-load benchmark (`npm run bench:designer`): the production build as
 * `hookline serve` serves it on 127.0.0.1, loaded in headless Chromium (playwright-core,
 * /usr/bin/chromium) again and again.
 *
 *   npm run bench:designer -- [--runs 7]
 *
 * Builds nothing: run `npm run build` and `npm run build:designer` first. Per run, a fresh
 * browser context (empty cache, cold) loads `/` and the time from navigation start to the
 * visible sign-in form is read in the page (`performance.now()`); then the API key is
 * entered and the time from pressing Enter to the visible Flows heading is measured. A
 * reload in the same context gives the warm (cached) load. The first-load bundle is every
 * JavaScript and CSS file fetched until the sign-in form shows, gzipped here with node:zlib
 * (level 9, as a server would send it). See bench/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const BIN = join(REPO, 'bin', 'hookline.js');

interface Asset {
  url: string;
  bytes: number;
  gzipBytes: number;
}

interface Run {
  signInMs: number;
  flowsMs: number;
  warmSignInMs: number;
  assets: Asset[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function cli(args: string[], dataDir: string): string {
  const run = spawnSync(process.execPath, [BIN, ...args, '--data', dataDir], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`hookline ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** `hookline serve` on 127.0.0.1, port 0; resolves with its URL once listening. */
function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('HOOKLINE_')),
  );
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Hookline listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => {
      reject(new Error(`hookline serve exited (${String(code)}) before listening:\n${output}`));
    });
  });
}

/** Milliseconds from the page's navigation start until `selector` is visible. */
async function visibleAt(page: Page, selector: string): Promise<number> {
  // Page code as text: this file is type-checked without the DOM library.
  const handle = await page.waitForFunction(
    `(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      return element && element.getBoundingClientRect().height > 0 ? performance.now() : false;
    })()`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function oneRun(browser: Browser, url: string, apiKey: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const fetched: Promise<Asset>[] = [];
  let firstPage = true;
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (!firstPage || (type !== 'script' && type !== 'stylesheet')) return;
    fetched.push(
      response.body().then((body) => ({
        url: new URL(response.url()).pathname,
        bytes: body.length,
        gzipBytes: gzipSync(body, { level: 9 }).length,
      })),
    );
  });
  await page.goto(url);
  const signInMs = await visibleAt(page, '#api-key');
  firstPage = false;
  const assets = await Promise.all(fetched);

  await page.fill('#api-key', apiKey);
  const submitted = await page.evaluate<number>('performance.now()');
  await page.press('#api-key', 'Enter');
  const flowsAt = await page.waitForFunction(
    `[...document.querySelectorAll('h1')].some((h) => h.textContent === 'Flows')
      ? performance.now()
      : false`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const flowsMs = ((await flowsAt.jsonValue()) as number) - submitted;

  // Warm: the same context (cache and session cookie kept) signed out, then `/` again.
  await context.clearCookies();
  await page.reload();
  const warmSignInMs = await visibleAt(page, '#api-key');
  await context.close();
  return { signInMs, flowsMs, warmSignInMs, assets };
}

/**
 * Refuses a development build of React (e.g. the one the test suite's global setup makes,
 * which runs with NODE_ENV=test): its size and speed are not what ships.
 */
function checkProductionBuild(): void {
  const assets = join(REPO, 'dist', 'designer', 'assets');
  const development = readdirSync(assets).some(
    (name) =>
      name.endsWith('.js') &&
      readFileSync(join(assets, name), 'utf8').includes('react.dev/link/warning-keys'),
  );
  if (development) {
    throw new Error(
      'dist/designer holds a development build of React: run `npm run build:designer` (NODE_ENV unset or production)',
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
  const runs = Math.max(1, Number(values.runs));
  if (!existsSync(join(REPO, 'dist', 'designer', 'index.html')) || !existsSync(BIN)) {
    throw new Error('build first: npm run build && npm run build:designer');
  }
  checkProductionBuild();
  const dataDir = await mkdtemp(join(tmpdir(), 'hookline-bench-designer-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    server?.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().then(() => process.exit(130));
  });
  try {
    const { apiKey } = JSON.parse(cli(['accounts', 'create', 'bench', '--json'], dataDir)) as {
      apiKey: string;
    };
    const started = await serve(dataDir);
    server = started.child;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    await oneRun(browser, started.url, apiKey); // warm-up: the server's first answers
    const results: Run[] = [];
    for (let index = 0; index < runs; index += 1) {
      results.push(await oneRun(browser, started.url, apiKey));
    }
    report(results);
  } finally {
    await cleanup();
  }
}

function report(results: Run[]): void {
  const row = (label: string, values: number[]) =>
    `| ${label} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} |`;
  const lines = [
    `${results.length} runs, Chromium headless, \`hookline serve\` on 127.0.0.1`,
    '',
    '| measure | median ms | min–max ms |',
    '| --- | ---: | ---: |',
    row(
      'cold load: navigation → sign-in form visible',
      results.map((r) => r.signInMs),
    ),
    row(
      'sign-in: Enter → Flows heading visible',
      results.map((r) => r.flowsMs),
    ),
    row(
      'warm load (cached): navigation → sign-in form',
      results.map((r) => r.warmSignInMs),
    ),
  ];
  const assets = results[0]?.assets ?? [];
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  lines.push('', '| first-load file | bytes KB | gzip KB |', '| --- | ---: | ---: |');
  for (const asset of assets) {
    lines.push(`| \`${asset.url}\` | ${kb(asset.bytes)} | ${kb(asset.gzipBytes)} |`);
  }
  const total = (key: 'bytes' | 'gzipBytes') => assets.reduce((sum, a) => sum + a[key], 0);
  lines.push(`| **total** | ${kb(total('bytes'))} | **${kb(total('gzipBytes'))}** |`);
  console.log(lines.join('\n'));
}

await main();
