import type { Document, Element } from '@xmldom/xmldom';
import { childElements, dataAttributes, isText } from './xml-nodes.js';

/**
 * The plain form of XML that dotted paths read and that mappings store as JSON
 * text (docs/webhook-widget.md: "Objects and arrays are stored as JSON text"):
 *
 * - an element with no attributes and no child elements is its exact text
 *   content (`<a> x </a>` → `" x "`, `<a/>` → `""`);
 * - any other element is an object: `"@name"` for each attribute, then one key
 *   per child element name (qualified, as written: `"soap:Body"`), whose value
 *   is an array in document order when the name repeats, then `"#text"` with
 *   the element's own text when it holds any non-whitespace (mixed content);
 * - the document is `{ rootName: form of the root }`.
 *
 * Namespace declarations (`xmlns`, `xmlns:p`), comments and processing
 * instructions are not data and are left out.
 */
export type XmlObjectForm = string | XmlObjectForm[] | { readonly [key: string]: XmlObjectForm };

/**
 * An element's own text: its text and CDATA children joined, or `""` when that is only the
 * whitespace between child elements (the `"#text"` of XmlObjectForm).
 */
export function ownText(element: Element): string {
  const text = Array.from(element.childNodes)
    .filter(isText)
    .map((node) => node.nodeValue ?? '')
    .join('');
  return /\S/.test(text) ? text : '';
}

/** The plain form of one element (see XmlObjectForm). */
export function elementForm(element: Element): XmlObjectForm {
  const attributes = dataAttributes(element);
  const children = childElements(element);
  if (attributes.length === 0 && children.length === 0) return element.textContent ?? '';
  const entries: Array<[string, XmlObjectForm]> = attributes.map((attribute) => [
    `@${attribute.name}`,
    attribute.value,
  ]);
  const byName = new Map<string, XmlObjectForm[]>();
  for (const child of children) {
    const forms = byName.get(child.nodeName) ?? [];
    forms.push(elementForm(child));
    byName.set(child.nodeName, forms);
  }
  for (const [name, forms] of byName) {
    entries.push([name, forms.length === 1 ? (forms[0] ?? '') : forms]);
  }
  const text = ownText(element);
  if (text !== '') entries.push(['#text', text]);
  // fromEntries defines own properties, so an element named __proto__ stays data.
  return Object.fromEntries(entries);
}

/** The plain form of the whole document: `{ rootName: form of the root }`. */
export function documentForm(document: Document): XmlObjectForm {
  const root = document.documentElement;
  return root === null ? {} : Object.fromEntries([[root.nodeName, elementForm(root)]]);
}
