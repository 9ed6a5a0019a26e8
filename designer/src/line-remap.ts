import { edgeId, type EdgeLike } from './flow-adapter.js';

/**
 * How a widget's lines move when its config changes (docs/designer.md "Widget editors"):
 * `line(old)` is the line that was `old` now, or null when that line is gone (its arrow is
 * removed); `count` the widget's `lines.length` now (undefined when it had none).
 */
export interface LineRemap {
  line: (old: number) => number | null;
  count: number | undefined;
}

type Config = Record<string, unknown>;

function asObject(value: unknown): Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Config)
    : {};
}

const key = (value: unknown): string => JSON.stringify(value);

/**
 * Which new item each old item became (or null when it was removed): the same items in
 * another order are matched by content; as many items, not all the same, by position (one
 * was edited); otherwise the longest common run by content (items added or removed).
 */
export function alignItems(
  before: readonly unknown[],
  after: readonly unknown[],
): (number | null)[] {
  const oldKeys = before.map(key);
  const newKeys = after.map(key);
  if (oldKeys.length === newKeys.length) {
    const taken = new Set<number>();
    const byContent = oldKeys.map((item) => {
      const at = newKeys.findIndex((other, index) => other === item && !taken.has(index));
      if (at >= 0) taken.add(at);
      return at >= 0 ? at : null;
    });
    return byContent.includes(null) ? oldKeys.map((_, index) => index) : byContent;
  }
  // Longest common subsequence, read back from the end.
  const rows = oldKeys.length;
  const cols = newKeys.length;
  const table = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = cols - 1; j >= 0; j -= 1) {
      const row = table[i] as number[];
      const below = table[i + 1] as number[];
      row[j] =
        oldKeys[i] === newKeys[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const matched: (number | null)[] = oldKeys.map(() => null);
  for (let i = 0, j = 0; i < rows && j < cols;) {
    if (oldKeys[i] === newKeys[j]) {
      matched[i] = j;
      i += 1;
      j += 1;
    } else if (
      ((table[i + 1] as number[])[j] as number) >= ((table[i] as number[])[j + 1] as number)
    ) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return matched;
}

/** A decision: condition i leaves on line i, no match on the last line (docs/flows.md). */
function decisionRemap(
  before: unknown,
  after: unknown,
  count: number | undefined,
): LineRemap | undefined {
  const old = asObject(before).conditions;
  const now = asObject(after).conditions;
  if (!Array.isArray(old) || !Array.isArray(now) || key(old) === key(now)) return undefined;
  // No conditions is refused (a decision needs one): the arrows wait there for them to return,
  // so emptying the list while editing its JSON loses nothing.
  if (old.length === 0 || now.length === 0) return undefined;
  const matched = alignItems(old, now);
  return {
    // A line past no match (a document with too many lines) keeps its place after it.
    line: (line) => (line < old.length ? (matched[line] ?? null) : now.length + line - old.length),
    count: count === undefined ? undefined : now.length + 1,
  };
}

function statusLines(config: unknown): Array<[string, number]> {
  return Object.entries(asObject(asObject(config).statusLines)).filter(
    (entry): entry is [string, number] => Number.isInteger(entry[1]),
  );
}

/**
 * A webhook: success 0, failure 1, and the lines its `statusLines` name by number
 * (docs/webhook-widget.md), so lines keep their numbers; a line no status names any more is
 * gone, unless its one status moved to a new number, which its arrow follows.
 */
function webhookRemap(
  before: unknown,
  after: unknown,
  count: number | undefined,
): LineRemap | undefined {
  const old = statusLines(before);
  const now = statusLines(after);
  if (key(old) === key(now)) return undefined;
  const oldLines = new Set(old.map(([, line]) => line));
  const newLines = new Set(now.map(([, line]) => line));
  const moved = new Map<number, number>();
  if (old.length === now.length) {
    old.forEach(([, from], index) => {
      const to = (now[index] as [string, number])[1];
      const free = !oldLines.has(to) && ![...moved.values()].includes(to);
      if (from !== to && to >= 2 && !newLines.has(from) && free) moved.set(from, to);
    });
  }
  const highest = Math.max(1, ...newLines) + 1;
  return {
    line: (line) => {
      if (line < 2 || newLines.has(line) || !oldLines.has(line)) return line;
      return moved.get(line) ?? null;
    },
    count: count === undefined ? undefined : Math.min(count, highest),
  };
}

/**
 * The remap of a widget's lines when its config goes from `before` to `after`; undefined when
 * its lines do not move (another widget type, or nothing they depend on changed).
 */
export function remapLines(
  type: string,
  before: unknown,
  after: unknown,
  count: number | undefined,
): LineRemap | undefined {
  if (type === 'decision') return decisionRemap(before, after, count);
  if (type === 'webhook') return webhookRemap(before, after, count);
  return undefined;
}

/** The edges with widget `source`'s arrows moved per `remap` (a gone line's arrow removed). */
export function remapEdges<E extends EdgeLike & { id: string }>(
  edges: readonly E[],
  source: string,
  remap: LineRemap,
): E[] {
  const moved: E[] = [];
  for (const edge of edges) {
    if (edge.source !== source) {
      moved.push(edge);
      continue;
    }
    const line = remap.line(Number(edge.sourceHandle ?? 0));
    if (line !== null)
      moved.push({ ...edge, id: edgeId(source, line), sourceHandle: String(line) });
  }
  return moved;
}
