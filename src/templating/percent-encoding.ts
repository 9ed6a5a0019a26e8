// A lone surrogate makes encodeURIComponent throw URIError; rendering must never throw, so
// it becomes U+FFFD first (what TextEncoder does too). `String#toWellFormed` is ES2024.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent that never throws: everything but `A-Za-z0-9-_.!~*'()` is escaped as UTF-8. */
export function encodeComponent(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

/** Percent-escape of one character, e.g. `(` → `%28`. */
export function percentEscape(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
