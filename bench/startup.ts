/**
 * CLI start-up benchmark (`npm run bench:startup`): how long `hookline --version` and
 * `hookline validate examples/hello.json` take as whole processes, next to a bare
 * `node -e 0` in the same run.
 *
 *   npm run bench:startup -- [--runs 20] [--warmup 2] [--repo DIR ...]
 *
 * Each `--repo` is a checkout whose `node bin/hookline.js` is measured (default: this one,
 * which must be built: `npm run build`); give two to compare, e.g. a `git archive` of an older
 * commit with `node_modules` linked in. Runs go round-robin (node, then every command of every
 * checkout, again and again), so machine noise reaches every row alike. Per command: median
 * and min–max wall time (spawn to exit, measured by this process), median peak RSS (read by
 * the child itself at exit through a `--import` hook that every row, `node -e 0` included,
 * carries), and the median of the per-round ratios to `node -e 0`. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const RSS_HOOK = `process.on('exit', () => process.stderr.write('\\nstartup-rss ' + process.resourceUsage().maxRSS + '\\n'));`;
const IMPORT_RSS_HOOK = ['--import', `data:text/javascript,${encodeURIComponent(RSS_HOOK)}`];
const THIS_REPO = fileURLToPath(new URL('../', import.meta.url));

interface Row {
  label: string;
  cwd: string;
  args: string[];
  wallMs: number[];
  rssKb: number[];
}

function measure(row: Row): void {
  const started = performance.now();
  const run = spawnSync(process.execPath, [...IMPORT_RSS_HOOK, ...row.args], {
    cwd: row.cwd,
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  const rss = /startup-rss (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !rss?.[1]) {
    throw new Error(`${row.label} failed (${String(run.status)}): ${run.stderr}`);
  }
  row.wallMs.push(wall);
  row.rssKb.push(Number(rss[1]));
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      repo: { type: 'string', multiple: true },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const repos = (values.repo ?? [THIS_REPO]).map((repo) => resolve(repo));
  const node: Row = {
    label: 'node -e 0',
    cwd: THIS_REPO,
    args: ['-e', '0'],
    wallMs: [],
    rssKb: [],
  };
  const rows: Row[] = [node];
  for (const [index, cwd] of repos.entries()) {
    const tag = repos.length > 1 ? ` [${String(index + 1)}]` : '';
    for (const args of [['--version'], ['validate', 'examples/hello.json']]) {
      const label = `hookline ${args.join(' ')}${tag}`;
      rows.push({ label, cwd, args: ['bin/hookline.js', ...args], wallMs: [], rssKb: [] });
    }
  }
  for (let round = 0; round < warmup + runs; round += 1) {
    for (const row of rows) measure(row);
    if (round + 1 === warmup) for (const row of rows) row.wallMs.length = row.rssKb.length = 0;
  }
  console.log(`node ${process.version}, ${String(runs)} runs each after ${String(warmup)} warm-up`);
  repos.forEach((repo, index) => {
    console.log(`[${String(index + 1)}] ${repo}`);
  });
  console.log('| command | wall ms median (min–max) | × node -e 0 (wall) | peak RSS MB |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) {
    const ratios = row.wallMs.map((wall, index) => wall / node.wallMs[index]!);
    const wall = `${median(row.wallMs).toFixed(0)} (${Math.min(...row.wallMs).toFixed(0)}–${Math.max(...row.wallMs).toFixed(0)})`;
    const rss = (median(row.rssKb) / 1024).toFixed(1);
    console.log(`| \`${row.label}\` | ${wall} | ${median(ratios).toFixed(2)} | ${rss} |`);
  }
}

main();
