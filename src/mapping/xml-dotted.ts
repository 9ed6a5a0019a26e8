import type { Document, Node } from '@xmldom/xmldom';
import { dottedPathSegments, resolveIndex, type PathSegment } from './dotted-path.js';
import { documentForm, elementForm } from './xml-object-form.js';
import { childElements, isAttribute, isDocument, isElement, stringValue } from './xml-nodes.js';
import { NOT_FOUND, type ReadResult } from './types.js';

/**
 * Walks a dotted path through XML elements (SPEC §3 `data.order.status`):
 * `data` is the document, `.name` selects the child elements with that
 * qualified name, `[N]` picks one of them (negative from the end; a lone
 * element counts as a list of one, so `[0]` works whatever the count), and a
 * final `.@name` reads an attribute. A name after several same-named elements
 * finds nothing: index them first (`data.orders.order[1].id`). Several
 * selected elements give an array of their forms (see XmlObjectForm).
 */
export function readDottedXml(document: Document, path: string): ReadResult {
  let selection: Node[] = [document];
  for (const segment of dottedPathSegments(path)) {
    selection = step(selection, segment);
    if (selection.length === 0) return NOT_FOUND;
  }
  const forms = selection.map(nodeForm);
  return { found: true, value: forms.length === 1 ? forms[0] : forms };
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
  if (isElement(node)) return elementForm(node);
  return stringValue(node);
}
