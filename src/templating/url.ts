import { encodeComponent } from './percent-encoding.js';
import { renderWith, valueText } from './render.js';
import type { ContextEncoder, VariableLookup } from './types.js';

/** Where in the URL the template's literal characters have put us. */
type UrlPart = 'authority' | 'path' | 'query' | 'fragment';

// Output so far that ends right after `scheme:` or `scheme:/`: the next `/` belongs to the
// `//` before the host, not to the path.
const SCHEME_SLASHES = /^[A-Za-z][A-Za-z0-9+.-]*:\/?$/;

// RFC 3986 lets a fragment hold `/ ? : @` unescaped; keep those readable, escape the rest.
const FRAGMENT_KEPT = /%(?:2F|3F|3A|40)/g;

function encodeFragment(text: string): string {
  return encodeComponent(text).replace(FRAGMENT_KEPT, decodeURIComponent);
}

function urlEncoder(): ContextEncoder {
  let part: UrlPart = 'authority';
  let head = '';
  return {
    text(literal) {
      for (const char of literal) {
        if (part === 'authority') {
          if (char === '/' && !SCHEME_SLASHES.test(head)) part = 'path';
          head += char;
        }
        if (char === '?' && (part === 'authority' || part === 'path')) part = 'query';
        else if (char === '#') part = 'fragment';
      }
      return literal;
    },
    value(value) {
      const text = valueText(value);
      switch (part) {
        case 'authority':
          // Raw, so `$flow.key.base_url/customers` and `https://$flow.key.host/x` work.
          head += text;
          return text;
        case 'path':
        case 'query':
          // SPEC §1: one path segment / one query key or value; `/ ? # & = %` never split.
          return encodeComponent(text);
        case 'fragment':
          return encodeFragment(text);
      }
    },
  };
}

/**
 * Renders a URL template (SPEC §1, §3). The template's literal characters decide each token's
 * context: before the first literal `/` that starts the path (the `//` after `scheme:` does
 * not) a value is inserted raw, so a token may hold a whole base URL; in the path it is
 * percent-encoded as one segment; after a literal `?` as a query key or value; after a
 * literal `#` as a fragment. A value never changes the context, only literal text does.
 */
export function renderUrl(template: string, lookup: VariableLookup): string {
  return renderWith(template, lookup, urlEncoder());
}
