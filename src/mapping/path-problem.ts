import { isDottedPath, parseDottedPath } from './dotted-path.js';
import { findJsonPathProblem } from './json-path.js';
import { findXPathProblem } from './xml-xpath.js';
import type { ResponseType } from './types.js';

/**
 * Checks a mapping path's syntax for flow validation (docs/webhook-widget.md); returns a
 * readable problem or null. json: a dotted `data...` path or an RFC 9535
 * JSONPath starting with `$`. xml: a dotted `data...` path (an `@attribute`
 * only as the last segment) or any other text as an XPath 1.0 expression.
 */
export function findPathProblem(path: string, responseType: ResponseType): string | null {
  if (path === '') return 'the path is empty';
  if (isDottedPath(path)) return findDottedProblem(path, responseType);
  switch (responseType) {
    case 'json':
      return path.startsWith('$')
        ? findJsonPathProblem(path)
        : 'a JSON path starts with "data" (e.g. data.customer.name) or "$" (JSONPath)';
    case 'xml':
      return findXPathProblem(path);
  }
}

function findDottedProblem(path: string, responseType: ResponseType): string | null {
  const parsed = parseDottedPath(path);
  if (!parsed.ok) return parsed.problem;
  if (responseType === 'json') return null;
  // An attribute or an element's text has no children, so nothing can follow it.
  const last = parsed.segments.length - 1;
  const at = (test: (key: string) => boolean): number =>
    parsed.segments.findIndex((segment) => segment.kind === 'key' && test(segment.key));
  const attribute = at((key) => key.startsWith('@'));
  if (attribute !== -1 && attribute !== last) {
    return 'an attribute (@name) can only be the last segment';
  }
  const text = at((key) => key === '#text');
  return text === -1 || text === last ? null : '#text can only be the last segment';
}
