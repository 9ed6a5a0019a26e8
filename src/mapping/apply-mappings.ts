import { parseJson, readJson } from './json-reader.js';
import { MappingPathError } from './mapping-path-error.js';
import { toMappedValue } from './mapped-value.js';
import { parseXml, type XmlBody } from './xml-parse.js';
import { readXml } from './xml-reader.js';
import {
  NOT_FOUND,
  type MappedValue,
  type Mapping,
  type ReadResult,
  type ResponseType,
} from './types.js';

/** One variable a mapping sets. */
export interface MappedVariable {
  saveIn: string;
  value: MappedValue;
}

/**
 * The result of mapping a response body. On failure `values` still holds what
 * could be mapped (every mapping but the missing mandatory ones; none when the
 * body is invalid), for the execution record.
 */
export type MappingOutcome =
  | { ok: true; values: MappedVariable[] }
  | {
      ok: false;
      reason: 'INVALID_RESPONSE' | 'MAPPING_MISSING';
      message: string;
      values: MappedVariable[];
    };

/** A parsed body, read path by path (no reader closure per response). */
type ParsedBody =
  { kind: 'json'; body: unknown } | { kind: 'xml'; document: XmlBody } | { kind: 'empty' };
type PathRead = { found: true; value: unknown } | { found: false; reason: string };

const NOT_FOUND_READ: PathRead = { found: false, reason: '' };

/**
 * Maps a 2xx response body into variables (docs/webhook-widget.md). The body must parse as
 * `type` unless it is empty and nothing is mapped (INVALID_RESPONSE). Each
 * mapping takes the value found (see toMappedValue), else its `default`, else
 * fails with MAPPING_MISSING when mandatory or is set to "" when not. A path
 * that cannot be read at all (bad syntax) finds nothing. Messages name paths,
 * never body content.
 */
export function applyMappings(input: {
  type: ResponseType;
  bodyText: string;
  mappings: readonly Mapping[];
}): MappingOutcome {
  const body = parseBody(input.type, input.bodyText, input.mappings.length);
  if (!body.ok) return { ok: false, reason: 'INVALID_RESPONSE', message: body.message, values: [] };
  const values: MappedVariable[] = [];
  const missing: string[] = [];
  for (const mapping of input.mappings) {
    const read = readPath(body.parsed, mapping.path);
    const value = valueFor(mapping, read);
    if (value === undefined) {
      const why = read.found ? '' : read.reason;
      missing.push(`mandatory mapping "${mapping.path}" found nothing${why}`);
    } else {
      values.push({ saveIn: mapping.saveIn, value });
    }
  }
  if (missing.length === 0) return { ok: true, values };
  return { ok: false, reason: 'MAPPING_MISSING', message: missing.join('; '), values };
}

/** The value a mapping sets, or undefined when it is mandatory and found nothing. */
function valueFor(mapping: Mapping, read: PathRead): MappedValue | undefined {
  if (read.found) return toMappedValue(read.value);
  if (mapping.default !== undefined) return mapping.default;
  // docs/webhook-widget.md: a non-mandatory mapping that finds nothing sets its variable to empty.
  return mapping.mandatory === true ? undefined : '';
}

// docs/webhook-widget.md "an empty body": nothing but whitespace. `\s` is the set String#trim removes, and
// it includes the byte-order mark; the test stops at the first other character.
const BLANK = /^\s*$/;

function parseBody(
  type: ResponseType,
  bodyText: string,
  mappingCount: number,
): { ok: true; parsed: ParsedBody } | { ok: false; message: string } {
  // docs/webhook-widget.md: "an empty body is fine when nothing is mapped".
  if (BLANK.test(bodyText)) {
    return mappingCount === 0
      ? { ok: true, parsed: { kind: 'empty' } }
      : { ok: false, message: 'response body is empty, so no mapping can be read' };
  }
  switch (type) {
    case 'json': {
      const parsed = parseJson(bodyText);
      return parsed.ok ? { ok: true, parsed: { kind: 'json', body: parsed.body } } : parsed;
    }
    case 'xml': {
      const parsed = parseXml(bodyText);
      return parsed.ok ? { ok: true, parsed: { kind: 'xml', document: parsed.document } } : parsed;
    }
  }
}

function read(body: ParsedBody, path: string): ReadResult {
  switch (body.kind) {
    case 'json':
      return readJson(body.body, path);
    case 'xml':
      return readXml(body.document, path);
    case 'empty':
      return NOT_FOUND;
  }
}

/** Reads a path; a path that cannot be read at all finds nothing, and says why. */
function readPath(body: ParsedBody, path: string): PathRead {
  try {
    const result = read(body, path);
    return result.found ? result : NOT_FOUND_READ;
  } catch (error) {
    if (!(error instanceof MappingPathError)) throw error;
    return { found: false, reason: ` (${error.message})` };
  }
}
