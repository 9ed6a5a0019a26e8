import { dottedPathSegments, resolveIndex, type PathSegment } from './dotted-path.js';
import { queryJsonPath } from './json-path.js';
import { exceedsJsonDepth, MAX_NESTING_DEPTH } from './nesting-depth.js';
import { NOT_FOUND, type ReadResult } from './types.js';

const BOM = 0xfeff;

/**
 * Parses a JSON response body (a leading byte-order mark is ignored). Messages
 * never quote the body: JSON.parse's own ones do, and bodies hold personal data.
 */
export function parseJson(
  text: string,
): { ok: true; body: unknown } | { ok: false; message: string } {
  let body: unknown;
  try {
    body = JSON.parse(text.charCodeAt(0) === BOM ? text.slice(1) : text);
  } catch {
    return { ok: false, message: 'response body is not valid JSON' };
  }
  // Nesting N levels takes 2N brackets, so a text this short cannot pass the limit: the walk
  // over every value is skipped for the small bodies most webhooks answer with.
  if (text.length > 2 * MAX_NESTING_DEPTH && exceedsJsonDepth(body, MAX_NESTING_DEPTH)) {
    return { ok: false, message: `response body nests deeper than ${MAX_NESTING_DEPTH} levels` };
  }
  return { ok: true, body };
}

/**
 * Reads one path from a parsed JSON body (docs/webhook-widget.md). A `$` path is an RFC 9535
 * JSONPath: one match gives its value, several give the array of values, none
 * is not found. Otherwise it is a dotted `data...` path; throws
 * MappingPathError when the path's syntax is wrong.
 */
export function readJson(body: unknown, path: string): ReadResult {
  if (path.startsWith('$')) {
    const values = queryJsonPath(body, path);
    if (values.length === 0) return NOT_FOUND;
    return { found: true, value: values.length === 1 ? values[0] : values };
  }
  let current: unknown = body;
  for (const segment of dottedPathSegments(path)) {
    const next = step(current, segment);
    if (!next.found) return next;
    current = next.value;
  }
  return { found: true, value: current };
}

function step(value: unknown, segment: PathSegment): ReadResult {
  if (segment.kind === 'index') {
    if (!Array.isArray(value)) return NOT_FOUND;
    const at = resolveIndex(segment.index, value.length);
    return at === undefined ? NOT_FOUND : { found: true, value: value[at] };
  }
  // Own keys only, so `data.constructor` never reaches Object.prototype.
  if (!isRecord(value) || !Object.hasOwn(value, segment.key)) return NOT_FOUND;
  return { found: true, value: value[segment.key] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
