import { DOMParser, onWarningStopParsing, type Document, type Element } from '@xmldom/xmldom';
import { MAX_NESTING_DEPTH } from './nesting-depth.js';
import { childElements } from './xml-nodes.js';

/**
 * A parsed XML response body. Treat it as opaque: build it with `parseXml`
 * and read it with `readXml`.
 */
export interface XmlBody {
  readonly document: Document;
  /** Prefix → namespace URI for every `xmlns:prefix` in the body (first wins), for XPath. */
  readonly namespaces: ReadonlyMap<string, string>;
}

/**
 * Parses an XML response body safely. A leading byte-order mark and leading
 * whitespace are ignored. Refused (with a message that never quotes the body):
 * any DOCTYPE, so no entity expansion, external entities or billion laughs;
 * anything xmldom reports, warnings included; nesting past MAX_NESTING_DEPTH.
 */
export function parseXml(
  text: string,
): { ok: true; document: XmlBody } | { ok: false; message: string } {
  const source = text.replace(/^\uFEFF/, '').trimStart();
  // Checked on the raw text, before any parser sees the DTD (even inside a comment: refuse, don't guess).
  if (/<!DOCTYPE/i.test(source)) return { ok: false, message: 'DOCTYPE is not accepted' };
  let document: Document;
  try {
    // Throwing from onError stops the parse and keeps xmldom off the console.
    document = new DOMParser({ onError: onWarningStopParsing }).parseFromString(source, 'text/xml');
  } catch (error) {
    return { ok: false, message: `response body is not well-formed XML${locate(error)}` };
  }
  const root = document.documentElement;
  if (document.doctype !== null) return { ok: false, message: 'DOCTYPE is not accepted' };
  if (root === null) return { ok: false, message: 'response body has no XML root element' };
  const namespaces = new Map<string, string>();
  if (!scan(root, namespaces)) {
    return { ok: false, message: `response body nests deeper than ${MAX_NESTING_DEPTH} levels` };
  }
  return { ok: true, document: { document, namespaces } };
}

/** Collects namespace prefixes and checks the depth in one iterative walk; false when too deep. */
function scan(root: Element, namespaces: Map<string, string>): boolean {
  const pending = [{ element: root, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > MAX_NESTING_DEPTH) return false;
    for (const attribute of Array.from(next.element.attributes)) {
      const prefix = attribute.name.startsWith('xmlns:') ? attribute.name.slice(6) : undefined;
      if (prefix !== undefined && !namespaces.has(prefix)) namespaces.set(prefix, attribute.value);
    }
    for (const child of childElements(next.element)) {
      pending.push({ element: child, depth: next.depth + 1 });
    }
  }
  return true;
}

/** " (line L, column C)" from xmldom's ParseError locator, without quoting the body. */
function locate(error: unknown): string {
  const locator: unknown =
    typeof error === 'object' && error !== null && 'locator' in error ? error.locator : undefined;
  if (typeof locator !== 'object' || locator === null) return '';
  if (!('lineNumber' in locator) || !('columnNumber' in locator)) return '';
  const { lineNumber, columnNumber } = locator;
  if (typeof lineNumber !== 'number' || typeof columnNumber !== 'number') return '';
  return ` (line ${lineNumber}, column ${columnNumber})`;
}
