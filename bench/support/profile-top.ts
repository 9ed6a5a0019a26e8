/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. `npm run bench:server --
 * --profile DIR`): where the busy time went, as percentages of the non-idle samples.
 *
 *   npx tsx bench/support/profile-top.ts FILE.cpuprofile [--top 25] [--filter TEXT]
 *
 * Prints self time by area (src/<dir>, an npm package, a node: internal module, GC...), the
 * functions with the most self time, and the functions with the most total time (self plus
 * callees; each sample counted once per function however deep the recursion). `--filter`
 * keeps the total-time list to functions whose name or file contains TEXT.
 *
 * Frames in an esbuild bundle (`--server compiled`) are mapped back to their source file by
 * the `// path/to/file.ts` comment esbuild writes before each module's code.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(root)']);

/** Per bundle file: the first line of each module and the module's source path. */
const bundles = new Map<string, { line: number; path: string }[]>();

function modulesOf(url: string): { line: number; path: string }[] {
  let modules = bundles.get(url);
  if (!modules) {
    modules = [];
    try {
      readFileSync(fileURLToPath(url), 'utf8')
        .split('\n')
        .forEach((text, line) => {
          const marker = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(text);
          if (marker?.[1]) modules?.push({ line, path: marker[1] });
        });
    } catch {
      // Not readable any more: frames keep the bundle's URL.
    }
    bundles.set(url, modules);
  }
  return modules;
}

/** A bundle frame's URL replaced by its source module's path (as `file:///.../src/x.ts`). */
function unbundle(frame: CallFrame): CallFrame {
  if (!frame.url.startsWith('file:') || !frame.url.endsWith('.mjs')) return frame;
  let path: string | undefined;
  for (const module of modulesOf(frame.url)) {
    if (module.line > frame.lineNumber) break;
    path = module.path;
  }
  return path === undefined
    ? frame
    : { ...frame, url: `file:///${path.replace(/^(\.\.\/)+/, '')}` };
}

/** The area a frame belongs to: `src/<dir>`, an npm package, `node:<module>`, or a V8 state. */
function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules?.[1] === '.cache') return 'hookline bundle';
  if (modules?.[1]) return modules[1];
  const source = /\/src\/([^/]+)\//.exec(url);
  if (source?.[1]) return `src/${source[1]}`;
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal?.[1]) return `node:${internal[1]}`;
  return url;
}

function keyOf(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\/.*?\/(src|node_modules)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function percent(part: number, whole: number): string {
  return `${((part * 100) / whole).toFixed(1)}%`.padStart(6);
}

function top(map: Map<string, number>, count: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' }, filter: { type: 'string' } },
  });
  const file = positionals[0];
  if (file === undefined) throw new Error('usage: profile-top.ts FILE.cpuprofile [--top N]');
  const count = Number(values.top ?? 25);
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(
    profile.nodes.map((node) => [node.id, { ...node, callFrame: unbundle(node.callFrame) }]),
  );
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });

  let busy = 0;
  let idle = 0;
  const selfByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  for (const [id, micros] of selfByNode) {
    const node = byId.get(id);
    if (!node) continue;
    if (IDLE.has(node.callFrame.functionName)) {
      idle += micros;
      continue;
    }
    busy += micros;
    const area = areaOf(node.callFrame);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + micros);
    const key = keyOf(node.callFrame);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros);
    const seen = new Set<string>();
    // Bounded by the tree's depth: every step goes to a parent, and the root has none.
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || IDLE.has(frame.functionName)) continue;
      const name = keyOf(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      totalByFunction.set(name, (totalByFunction.get(name) ?? 0) + micros);
    }
  }

  console.log(
    `${file}\nsampled ${((busy + idle) / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s ` +
      `(${percent(busy, busy + idle).trim()}); percentages below are of the busy time\n`,
  );
  console.log('self time by area:');
  for (const [area, micros] of top(selfByArea, count)) {
    console.log(`${percent(micros, busy)}  ${area}`);
  }
  console.log('\nself time by function:');
  for (const [name, micros] of top(selfByFunction, count)) {
    console.log(`${percent(micros, busy)}  ${name}`);
  }
  const filter = values.filter;
  const totals =
    filter === undefined
      ? totalByFunction
      : new Map([...totalByFunction].filter(([name]) => name.includes(filter)));
  console.log(
    `\ntotal time (self + callees)${filter === undefined ? '' : ` matching "${filter}"`}:`,
  );
  for (const [name, micros] of top(totals, count)) {
    console.log(`${percent(micros, busy)}  ${name}`);
  }
}

await main();
