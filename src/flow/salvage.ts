import type { z } from 'zod';
import { formatPath } from './problem.js';

/**
 * What is left of an input once the values its schema refused are taken out, so that the
 * checks that need a parsed value can still run and every problem is reported in one pass
 * (docs/flows.md "Validation").
 */
export interface Salvaged {
  /** The parsed value (defaults applied where a refused value was taken out). */
  value: unknown;
  /** Maps a path in `value` back to the input's numbering and says whether it was taken out. */
  origin(path: string): { path: string; removed: boolean };
  /** True when every value taken out came back as a default: the config keeps its shape. */
  intact: boolean;
}

type Segment = PropertyKey;
/** A stand-in for the required value at a path, or undefined to take the value out. */
export type Fill = (path: readonly PropertyKey[]) => unknown;
interface Splice {
  array: string;
  index: number;
}

const MAX_ROUNDS = 8;

function isContainer(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The container at `path`, or undefined when some segment is missing. */
function walk(root: unknown, path: readonly Segment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (!isContainer(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/**
 * Takes the value at `path` out (its parent's when the value is already missing: a required
 * value cannot be defaulted). Returns the path taken out, or null when it would be the root.
 */
function takeOut(
  root: unknown,
  path: readonly Segment[],
  splices: Splice[],
  fill: Fill,
): Segment[] | null {
  let target = [...path];
  while (target.length > 0) {
    const parent = walk(root, target.slice(0, -1));
    const key = target[target.length - 1] as Segment;
    const stand = fill(target);
    if (isContainer(parent) && stand !== undefined) {
      // A stand-in keeps a required value in place (its problem is already reported).
      Object.defineProperty(parent, key, { value: stand, enumerable: true, writable: true });
      return target;
    }
    if (isContainer(parent) && Object.hasOwn(parent, key)) {
      if (Array.isArray(parent) && typeof key === 'number') {
        parent.splice(key, 1);
        splices.push({ array: formatPath(target.slice(0, -1)), index: key });
      } else {
        Reflect.deleteProperty(parent, key);
      }
      return target;
    }
    target = target.slice(0, -1);
  }
  return null;
}

/** `path` with the index after `array` shifted back past an element spliced out of it. */
function unsplice(path: string, splice: Splice): string {
  const prefix = `${splice.array}[`;
  if (!path.startsWith(prefix)) return path;
  const close = path.indexOf(']', prefix.length);
  const index = Number(path.slice(prefix.length, close));
  if (!Number.isInteger(index) || index < splice.index) return path;
  return `${prefix}${index + 1}${path.slice(close)}`;
}

/** `a.b[0].c` as segments (the inverse of formatPath for the names schemas use). */
function parsePath(path: string): Segment[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, name, index]) =>
    index === undefined ? (name ?? '') : Number(index),
  );
}

/** Orders paths so that taking one out never renumbers another of the same round. */
function descending(a: readonly Segment[], b: readonly Segment[]): number {
  for (let at = 0; at < Math.min(a.length, b.length); at++) {
    const [x, y] = [a[at], b[at]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y) < String(x) ? -1 : 1;
  }
  return b.length - a.length;
}

/** The distinct paths of `issues`, deepest and highest index first. */
function issuePaths(issues: readonly z.core.$ZodIssue[]): Segment[][] {
  const seen = new Map<string, Segment[]>();
  for (const issue of issues) seen.set(JSON.stringify(issue.path), [...issue.path]);
  return [...seen.values()].sort(descending);
}

/** True when `path` is `base` or inside it. */
export const isUnder = (path: string, base: string): boolean =>
  path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);

/**
 * Parses `raw` with `schema`, taking out each refused value (or, when it is missing, the
 * object holding it) until the rest parses. Undefined when nothing is left to parse.
 */
export function salvage(
  schema: z.ZodType,
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
  fill: Fill = () => undefined,
): Salvaged | undefined {
  let copy: unknown;
  try {
    copy = structuredClone(raw);
  } catch {
    return undefined; // Not plain data (a function inside): nothing to salvage.
  }
  const splices: Splice[] = [];
  const removed: string[] = [];
  const toOrigin = (path: string, upTo: number): string =>
    splices.slice(0, upTo).reduceRight(unsplice, path);
  let pending = issues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const path of issuePaths(pending)) {
      const before = splices.length;
      const taken = takeOut(copy, path, splices, fill);
      if (taken === null) return undefined;
      removed.push(toOrigin(formatPath(taken), before));
    }
    const result = schema.safeParse(copy);
    if (result.success) {
      const defaulted = (path: string) => walk(result.data, parsePath(path)) !== undefined;
      return {
        value: result.data,
        intact: splices.length === 0 && removed.every(defaulted),
        origin: (path) => {
          const original = toOrigin(path, splices.length);
          return { path: original, removed: removed.some((base) => isUnder(original, base)) };
        },
      };
    }
    pending = result.error.issues;
  }
  return undefined;
}
