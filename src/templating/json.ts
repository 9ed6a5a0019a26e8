import { compilePieces, memoizeByTemplate, renderPieces, type CompiledPiece } from './compile.js';
import { valueText } from './render.js';
import type { ContextLexer, TemplateValue, ValueEncoder, VariableLookup } from './types.js';

// JSON.stringify leaves U+2028/U+2029 raw: valid JSON, but they end lines in JavaScript
// and in some log viewers, so they are escaped too.
const LINE_SEPARATORS = /[\u2028\u2029]/g;

function escapeSeparators(json: string): string {
  return json.replace(LINE_SEPARATORS, (char) => (char === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** What escaping a text needs: nothing, JSON.stringify's, or that plus the line separators. */
type Escape = 'none' | 'json' | 'json+separators';

/**
 * Whether JSON.stringify would escape something in `text` (`"`, `\`, C0 controls, lone
 * surrogates, tested here as any surrogate) and whether it holds a separator escaped above.
 * A plain loop: for the short values templates insert it is cheaper than a RegExp test.
 */
function escapeNeeded(text: string): Escape {
  let needed: Escape = 'none';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x2028 || code === 0x2029) return 'json+separators';
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) {
      needed = 'json';
    }
  }
  return needed;
}

/** A value's text JSON-escaped for the inside of a JSON string, without the quotes. */
export function escapeJsonString(value: TemplateValue | undefined): string {
  const text = valueText(value);
  // Most values (ids, names, numbers) need no escape: no stringify, slice and replace for them.
  switch (escapeNeeded(text)) {
    case 'none':
      return text;
    case 'json':
      return JSON.stringify(text).slice(1, -1);
    case 'json+separators':
      return escapeSeparators(JSON.stringify(text).slice(1, -1));
  }
}

/**
 * A value as a whole JSON value (docs/flows.md: an unquoted token inserts the value as JSON).
 * Missing and null → `null`; numbers and booleans as they are (a non-finite number → `null`);
 * a string holding JSON text (a mapped object, `42`, `true`) → that JSON, re-serialised so
 * nothing but one JSON value can come out; any other string → a JSON string literal.
 */
function jsonValue(value: TemplateValue | undefined): string {
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

/** Lexes a JSON template's literal text to know whether each token sits inside a string. */
class JsonLexer implements ContextLexer {
  #inString = false;
  #escaping = false;
  /**
   * Set when a token follows a literal `\` inside a string: the value's first character
   * completes that escape, so whether the output is well formed depends on the value.
   */
  tokenAfterBackslash = false;

  text(literal: string): void {
    for (const char of literal) {
      if (this.#escaping) this.#escaping = false;
      else if (this.#inString && char === '\\') this.#escaping = true;
      else if (char === '"') this.#inString = !this.#inString;
    }
  }

  valueEncoder(): ValueEncoder {
    if (!this.#inString) return jsonValue;
    if (this.#escaping) this.tokenAfterBackslash = true;
    // A literal `\` right before a token is completed by the value's first character.
    this.#escaping = false;
    return escapeJsonString;
  }
}

interface CompiledJson {
  pieces: readonly CompiledPiece[];
  /** Every rendering is well-formed JSON, whatever the values (see jsonTemplateAlwaysWellFormed). */
  alwaysWellFormed: boolean;
}

const missing: VariableLookup = () => undefined;

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const compileJson = memoizeByTemplate((template): CompiledJson => {
  const lexer = new JsonLexer();
  // A JSON lexer always has an encoder: only literal text decides the position.
  const pieces = compilePieces(template, lexer) ?? [];
  const alwaysWellFormed = !lexer.tokenAfterBackslash && parses(renderPieces(pieces, missing));
  return { pieces, alwaysWellFormed };
});

/**
 * Renders a JSON body template (docs/flows.md, docs/webhook-widget.md). The template's literal text is lexed (once per
 * template) to know whether each token sits inside a JSON string (escaped text) or is a whole
 * value (inserted as JSON). The result is not checked here: the webhook widget makes sure it
 * is well formed (see {@link jsonTemplateAlwaysWellFormed}) or fails with INVALID_REQUEST.
 */
export function renderJsonBody(
  template: string,
  lookup: VariableLookup,
  maxBytes?: number,
): string {
  return renderPieces(compileJson(template).pieces, lookup, maxBytes);
}

/**
 * True when `renderJsonBody(template, lookup)` is well-formed JSON for ANY values, so a caller
 * may skip parsing the result. It holds when the template renders to valid JSON with every
 * variable missing and no token follows a literal `\` inside a string, because:
 *
 * - a token inside a string renders as escaped string content (no `"`, no control character,
 *   no unfinished escape), and any such content is as valid there as the empty one;
 * - a token outside strings renders as exactly one JSON value (see jsonValue), and JSON's
 *   grammar accepts any value wherever it accepts `null`, the missing value's rendering.
 *
 * Memoized per template.
 */
export function jsonTemplateAlwaysWellFormed(template: string): boolean {
  return compileJson(template).alwaysWellFormed;
}
