import { isDottedPath } from './dotted-path.js';
import type { XmlBody } from './xml-parse.js';
import { readDottedXml } from './xml-dotted.js';
import { readXPath } from './xml-xpath.js';
import type { ReadResult } from './types.js';

/**
 * Reads one path from a parsed XML body (docs/webhook-widget.md): `data` followed by nothing,
 * `.` or `[` is a dotted path (see readDottedXml); anything else (`/...`,
 * `//x`, `count(...)`, `string(...)`) is an XPath 1.0 expression (see
 * readXPath). Throws MappingPathError when the path cannot be read at all.
 */
export function readXml(document: XmlBody, path: string): ReadResult {
  return isDottedPath(path)
    ? readDottedXml(document.document, path)
    : readXPath(document.document, document.namespaces, path);
}
