import { renderWith, valueText } from './render.js';
import type { ContextEncoder, TemplateValue, VariableLookup } from './types.js';

// JSON.stringify leaves U+2028/U+2029 raw: valid JSON, but they end lines in JavaScript
// and in some log viewers, so they are escaped too.
const LINE_SEPARATORS = /[\u2028\u2029]/g;

function escapeSeparators(json: string): string {
  return json.replace(LINE_SEPARATORS, (char) => (char === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** A value's text JSON-escaped for the inside of a JSON string, without the quotes. */
export function escapeJsonString(value: TemplateValue | undefined): string {
  return escapeSeparators(JSON.stringify(valueText(value)).slice(1, -1));
}

/**
 * A value as a whole JSON value (SPEC §1: an unquoted token inserts the value as JSON).
 * Missing and null → `null`; numbers and booleans as they are (a non-finite number → `null`);
 * a string holding JSON text (a mapped object, `42`, `true`) → that JSON, re-serialised so
 * nothing but one JSON value can come out; any other string → a JSON string literal.
 */
export function jsonValue(value: TemplateValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'string') return JSON.stringify(value);
  return escapeSeparators(reserialize(value) ?? JSON.stringify(value));
}

/** The JSON a string holds, re-serialised; undefined when it holds none. */
function reserialize(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    // `1e400` parses to Infinity, which would serialise as null: such text stays a string.
    if (typeof parsed === 'number' && !Number.isFinite(parsed)) return undefined;
    return JSON.stringify(parsed);
  } catch {
    // Not JSON (or nested too deep to handle): the caller inserts it as a string.
    return undefined;
  }
}

function jsonEncoder(): ContextEncoder {
  let inString = false;
  let escaping = false;
  return {
    text(literal) {
      for (const char of literal) {
        if (escaping) escaping = false;
        else if (inString && char === '\\') escaping = true;
        else if (char === '"') inString = !inString;
      }
      return literal;
    },
    value(value) {
      if (!inString) return jsonValue(value);
      // A literal `\` right before a token is completed by the value's first character.
      escaping = false;
      return escapeJsonString(value);
    },
  };
}

/**
 * Renders a JSON body template (SPEC §1, §3). The template's literal text is lexed to know
 * whether each token sits inside a JSON string (escaped text) or is a whole value (inserted
 * as JSON). The result is not checked here: the webhook widget parses it and fails with
 * INVALID_REQUEST when it is not well formed.
 */
export function renderJsonBody(template: string, lookup: VariableLookup): string {
  return renderWith(template, lookup, jsonEncoder());
}
