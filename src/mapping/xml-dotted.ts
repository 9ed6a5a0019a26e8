import type { Document, Node } from '@xmldom/xmldom';
import { dottedPathSegments, resolveIndex, type PathSegment } from './dotted-path.js';
import { documentForm, elementForm, ownText } from './xml-object-form.js';
import { childElements, isAttribute, isDocument, isElement, stringValue } from './xml-nodes.js';
import { NOT_FOUND, type ReadResult } from './types.js';

/**
 * Walks a dotted path through XML elements (docs/webhook-widget.md `data.order.status`):
 * `data` is the document, `.name` selects the child elements with that
 * qualified name, `[N]` picks one of them (negative from the end; a lone
 * element counts as a list of one, so `[0]` works whatever the count), and a
 * final `.@name` reads an attribute and a final `.#text` the element's own text.
 * A name after several same-named elements finds nothing: index them first
 * (`data.orders.order[1].id`). An element with no child elements gives its text
 * (`<balance currency="EUR">12.50</balance>` → `"12.50"`, its attributes by
 * `@name`); any other its object form (see XmlObjectForm). Several selected
 * elements give an array of their values.
 */
export function readDottedXml(document: Document, path: string): ReadResult {
  let selection: Node[] = [document];
  for (const segment of dottedPathSegments(path)) {
    if (segment.kind === 'key' && segment.key === TEXT) return textOf(selection);
    selection = step(selection, segment);
    if (selection.length === 0) return NOT_FOUND;
  }
  const forms = selection.map(nodeForm);
  return { found: true, value: forms.length === 1 ? forms[0] : forms };
}

/** The segment naming an element's own text (the `"#text"` key of its object form). */
const TEXT = '#text';

/** `#text` (always the last segment): the own text of the one element selected. */
function textOf(selection: readonly Node[]): ReadResult {
  const [only, ...others] = selection;
  if (only === undefined || others.length > 0 || !isElement(only)) return NOT_FOUND;
  return { found: true, value: ownText(only) };
}

function step(selection: readonly Node[], segment: PathSegment): Node[] {
  if (segment.kind === 'index') {
    const at = resolveIndex(segment.index, selection.length);
    const node = at === undefined ? undefined : selection[at];
    return node === undefined ? [] : [node];
  }
  const [only, ...others] = selection;
  if (only === undefined || others.length > 0 || isAttribute(only)) return [];
  if (segment.key.startsWith('@')) {
    const attribute = isElement(only) ? only.getAttributeNode(segment.key.slice(1)) : null;
    return attribute === null ? [] : [attribute];
  }
  return childElements(only).filter((child) => child.nodeName === segment.key);
}

function nodeForm(node: Node): unknown {
  if (isDocument(node)) return documentForm(node);
  if (isElement(node)) {
    return childElements(node).length === 0 ? (node.textContent ?? '') : elementForm(node);
  }
  return stringValue(node);
}
