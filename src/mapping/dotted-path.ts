import { MappingPathError } from './mapping-path-error.js';

/**
 * Dotted paths, Hookline's own small syntax (docs/webhook-widget.md: "the leading `data` names
 * the body's root"):
 *
 *   path    = "data" *segment
 *   segment = "." name | "[" index "]" | "[" quoted "]"
 *   name    = 1*(any character except . [ ] " ' and whitespace)
 *   index   = "0" | ["-"] 1-9 *digit      ; -1 is the last item, -2 the one before
 *   quoted  = a JSON string literal       ; ["key with.dots"], ["a \"b\""]
 *
 * A name keeps `@id`, `soap:Body`, `$ref` and `first-name` plain; anything else
 * goes in quotes. Leading zeros and `-0` are refused, as in RFC 9535.
 */
export type PathSegment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number };

type Step = { segment: PathSegment; next: number } | { problem: string };

const ROOT = 'data';
const NAME = /[^.[\]"'\s]+/y;
const INDEX = /(-?)(0|[1-9][0-9]*)\]/y;

/** True when `path` is meant as a dotted path: `data` alone or followed by `.` or `[`. */
export function isDottedPath(path: string): boolean {
  return /^data(?:$|[.[])/.test(path);
}

/** Parses a dotted path into segments, or says (1-based) where its syntax goes wrong. */
export function parseDottedPath(
  path: string,
): { ok: true; segments: PathSegment[] } | { ok: false; problem: string } {
  if (!isDottedPath(path)) return { ok: false, problem: 'a dotted path starts with "data"' };
  const segments: PathSegment[] = [];
  let at = ROOT.length;
  while (at < path.length) {
    const char = path[at];
    const step: Step =
      char === '.'
        ? readName(path, at + 1)
        : char === '['
          ? readBracket(path, at + 1)
          : { problem: `expected "." or "[" at character ${at + 1}` };
    if ('problem' in step) return { ok: false, problem: step.problem };
    segments.push(step.segment);
    at = step.next;
  }
  return { ok: true, segments };
}

/** Parsed paths by text: a flow reads the same mapping paths on every execution. */
const compiled = new Map<string, readonly PathSegment[]>();
// Enough for every mapping of every flow a process runs; a flood of distinct paths only resets it.
const MAX_COMPILED = 4096;

/**
 * The segments of a dotted path, parsed once per path text and then reused (frozen); throws
 * MappingPathError when its syntax is wrong.
 */
export function dottedPathSegments(path: string): readonly PathSegment[] {
  const cached = compiled.get(path);
  if (cached !== undefined) return cached;
  const parsed = parseDottedPath(path);
  if (!parsed.ok) throw new MappingPathError(`invalid path "${path}": ${parsed.problem}`);
  const segments = Object.freeze(parsed.segments);
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(path, segments);
  return segments;
}

/** The array position an index names (negative counts from the end), or undefined when out of range. */
export function resolveIndex(index: number, length: number): number | undefined {
  const at = index < 0 ? length + index : index;
  return at >= 0 && at < length ? at : undefined;
}

function readName(path: string, from: number): Step {
  NAME.lastIndex = from;
  const match = NAME.exec(path);
  if (match === null) {
    return {
      problem: `expected a name after "." at character ${from + 1} (quote odd keys: ["a b"])`,
    };
  }
  return { segment: { kind: 'key', key: match[0] }, next: NAME.lastIndex };
}

function readBracket(path: string, from: number): Step {
  if (path[from] === '"') return readQuoted(path, from);
  INDEX.lastIndex = from;
  const match = INDEX.exec(path);
  const digits = match?.[2];
  if (match === null || digits === undefined) {
    return { problem: `expected an index or a "quoted key" after "[" at character ${from + 1}` };
  }
  const negative = match[1] === '-';
  const index = negative ? -Number(digits) : Number(digits);
  if (negative && digits === '0') return { problem: `-0 is not an index (character ${from + 1})` };
  if (!Number.isSafeInteger(index)) return { problem: `index too large at character ${from + 1}` };
  return { segment: { kind: 'index', index }, next: INDEX.lastIndex };
}

function readQuoted(path: string, from: number): Step {
  let end = from + 1;
  while (end < path.length && path[end] !== '"') end += path[end] === '\\' ? 2 : 1;
  if (end >= path.length) return { problem: `unterminated quoted key at character ${from + 1}` };
  let key: unknown;
  try {
    key = JSON.parse(path.slice(from, end + 1));
  } catch {
    return { problem: `invalid quoted key at character ${from + 1} (JSON string syntax)` };
  }
  if (typeof key !== 'string') return { problem: `invalid quoted key at character ${from + 1}` };
  if (path[end + 1] !== ']') return { problem: `expected "]" at character ${end + 2}` };
  return { segment: { kind: 'key', key }, next: end + 2 };
}
