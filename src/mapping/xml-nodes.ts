import { Node, type Attr, type Document, type Element } from '@xmldom/xmldom';

/** True for element nodes. */
export function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}

/** True for attribute nodes. */
export function isAttribute(node: Node): node is Attr {
  return node.nodeType === Node.ATTRIBUTE_NODE;
}

/** True for the document node. */
export function isDocument(node: Node): node is Document {
  return node.nodeType === Node.DOCUMENT_NODE;
}

/** True for text and CDATA nodes: the character data of an element. */
export function isText(node: Node): boolean {
  return node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE;
}

/** The element children of `node`, in document order. */
export function childElements(node: Node): Element[] {
  return Array.from(node.childNodes).filter(isElement);
}

/** An element's attributes without namespace declarations, which name no data. */
export function dataAttributes(element: Element): Attr[] {
  return Array.from(element.attributes).filter(
    (attribute) => attribute.name !== 'xmlns' && !attribute.name.startsWith('xmlns:'),
  );
}

/**
 * The XPath 1.0 string value of a node: an attribute's value, the text content
 * of an element or of the whole document, the data of a text or comment node.
 */
export function stringValue(node: Node): string {
  if (isAttribute(node)) return node.value;
  if (isDocument(node)) return node.documentElement?.textContent ?? '';
  return node.textContent ?? node.nodeValue ?? '';
}
