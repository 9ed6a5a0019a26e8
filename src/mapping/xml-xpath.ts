import { createRequire } from 'node:module';
import { DOMParser, type Document, type Node } from '@xmldom/xmldom';
import { MappingPathError } from './mapping-path-error.js';
import { stringValue } from './xml-nodes.js';
import { NOT_FOUND, type ReadResult } from './types.js';

interface NamespaceResolver {
  lookupNamespaceURI(prefix: string): string | null;
}

/** The part of the `xpath` package we use, typed against xmldom's nodes. */
interface XPathApi {
  selectWithResolver(
    expression: string,
    node: Node,
    resolver: NamespaceResolver,
  ): Node[] | string | number | boolean;
}

// Loaded untyped on purpose: xpath's .d.ts has `/// <reference lib="dom" />`,
// which would put browser globals (document, window...) into the whole Node
// project's type check.
const xpath = createRequire(import.meta.url)('xpath') as XPathApi;

/**
 * Evaluates an XPath 1.0 expression with the document as context node (docs/webhook-widget.md). Prefixes resolve to the namespaces the body declares; unprefixed names
 * match elements in no namespace, as XPath 1.0 says (use the dotted form or
 * `local-name()` under a default namespace). Results: a string or boolean as
 * is; a number when finite (NaN, e.g. `number(/missing)`, finds nothing); a
 * node-set of one node gives its string value, of several the array of their
 * string values, and an empty one finds nothing. Throws MappingPathError when
 * the expression does not compile or evaluate.
 */
export function readXPath(
  document: Document,
  namespaces: ReadonlyMap<string, string>,
  expression: string,
): ReadResult {
  const result = evaluate(expression, document, {
    lookupNamespaceURI: (prefix) => namespaces.get(prefix) ?? null,
  });
  if (typeof result === 'number') {
    return Number.isFinite(result) ? { found: true, value: result } : NOT_FOUND;
  }
  if (!Array.isArray(result)) return { found: true, value: result };
  const values = result.map(stringValue);
  if (values.length === 0) return NOT_FOUND;
  return { found: true, value: values.length === 1 ? values[0] : values };
}

/** Why `expression` is not a usable XPath 1.0 expression, or null when it is. */
export function findXPathProblem(expression: string): string | null {
  try {
    // Evaluating (not just parsing) also catches unknown functions, wrong
    // arities and variables; any prefix is accepted, the body declares them.
    xpath.selectWithResolver(expression, probeDocument(), {
      lookupNamespaceURI: (prefix) => `urn:hookline:probe:${prefix}`,
    });
    return null;
  } catch (error) {
    return `invalid XPath: ${reasonOf(error)}`;
  }
}

function evaluate(
  expression: string,
  node: Node,
  resolver: NamespaceResolver,
): Node[] | string | number | boolean {
  try {
    return xpath.selectWithResolver(expression, node, resolver);
  } catch (error) {
    throw new MappingPathError(`invalid XPath "${expression}": ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : 'cannot evaluate';
}

let probe: Document | undefined;

function probeDocument(): Document {
  probe ??= new DOMParser().parseFromString('<probe/>', 'text/xml');
  return probe;
}
