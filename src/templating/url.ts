import { compilePieces, memoizeByTemplate, renderPieces, type CompiledPiece } from './compile.js';
import { parseTemplate } from './parse.js';
import { encodeComponent } from './percent-encoding.js';
import { valueText } from './render.js';
import { RenderBudget } from './size-limit.js';
import type { ContextLexer, TemplateValue, ValueEncoder, VariableLookup } from './types.js';

/** Where in the URL the template's literal characters have put us. */
type UrlPart = 'authority' | 'path' | 'query' | 'fragment';

// Output so far that ends right after `scheme:` or `scheme:/`: the next `/` belongs to the
// `//` before the host, not to the path.
const SCHEME_SLASHES = /^[A-Za-z][A-Za-z0-9+.-]*:\/?$/;

// RFC 3986 lets a fragment hold `/ ? : @` unescaped; keep those readable, escape the rest.
const FRAGMENT_KEPT = /%(?:2F|3F|3A|40)/g;

// docs/flows.md: one path segment / one query key or value; `/ ? # & = %` never split.
function encodeSegment(value: TemplateValue | undefined): string {
  return encodeComponent(valueText(value));
}

function encodeFragment(value: TemplateValue | undefined): string {
  return encodeComponent(valueText(value)).replace(FRAGMENT_KEPT, decodeURIComponent);
}

/** Lexes a URL template: which part of the URL each token falls in. */
class UrlLexer implements ContextLexer {
  #part: UrlPart = 'authority';
  /** The output up to the path, values included: the `scheme://` test reads it. */
  #head = '';

  text(literal: string): void {
    for (const char of literal) {
      if (this.#part === 'authority') {
        if (char === '/' && !SCHEME_SLASHES.test(this.#head)) this.#part = 'path';
        this.#head += char;
      }
      if (char === '?' && (this.#part === 'authority' || this.#part === 'path')) {
        this.#part = 'query';
      } else if (char === '#') this.#part = 'fragment';
    }
  }

  /** Undefined before the path: there a value becomes part of the head the next `/` is judged by. */
  valueEncoder(): ValueEncoder | undefined {
    switch (this.#part) {
      case 'authority':
        return undefined;
      case 'path':
      case 'query':
        return encodeSegment;
      case 'fragment':
        return encodeFragment;
    }
  }

  /** Encodes a value at the current position (the dynamic form of valueEncoder). */
  value(value: TemplateValue | undefined): string {
    const encode = this.valueEncoder();
    if (encode !== undefined) return encode(value);
    // Raw, so `$flow.key.base_url/customers` and `https://$flow.key.host/x` work.
    const text = valueText(value);
    this.#head += text;
    return text;
  }
}

/** Compiled pieces, or null when a token sits before the path (rendered dynamically). */
const compileUrl = memoizeByTemplate(
  (template): readonly CompiledPiece[] | null => compilePieces(template, new UrlLexer()) ?? null,
);

/** Renders with a fresh lexer, value by value: the rare template with a token in the authority. */
function renderDynamic(template: string, lookup: VariableLookup, maxBytes: number): string {
  const lexer = new UrlLexer();
  const budget = new RenderBudget(maxBytes);
  let output = '';
  for (const part of parseTemplate(template)) {
    let text = part.kind === 'text' ? part.text : '';
    if (part.kind === 'variable') {
      const value = lookup(part.name);
      budget.checkValue(value);
      text = lexer.value(value);
    } else lexer.text(text);
    output += text;
    budget.add(output, text);
  }
  return output;
}

/**
 * Renders a URL template (docs/flows.md, docs/webhook-widget.md). The template's literal characters decide each token's
 * context: before the first literal `/` that starts the path (the `//` after `scheme:` does
 * not) a value is inserted raw, so a token may hold a whole base URL; in the path it is
 * percent-encoded as one segment; after a literal `?` as a query key or value; after a
 * literal `#` as a fragment. A value never changes the context, only literal text does (but
 * a raw value before the path is part of the text the `scheme://` test reads). Templates
 * whose tokens all come after that point are lexed once and then rendered from the pieces.
 */
export function renderUrl(template: string, lookup: VariableLookup, maxBytes?: number): string {
  const pieces = compileUrl(template);
  return pieces === null
    ? renderDynamic(template, lookup, maxBytes ?? Infinity)
    : renderPieces(pieces, lookup, maxBytes);
}
