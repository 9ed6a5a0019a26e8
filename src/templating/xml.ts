import { compilePieces, memoizeByTemplate, renderPieces } from './compile.js';
import { valueText } from './render.js';
import type { ContextLexer, TemplateValue, ValueEncoder, VariableLookup } from './types.js';

/** Where in the XML the template's literal text has put us. */
type XmlPlace = 'content' | 'tag' | 'cdata' | 'comment';

// XML 1.0 `Char`: anything else (C0 controls but tab/CR/LF, lone surrogates, U+FFFE/FFFF)
// makes the document ill-formed however it is escaped, so it is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a raw CR into LF (XML 1.1 parsers, and xmldom, NEL and LSEP too), and
  // tab/LF inside an attribute into spaces: character references keep the value exactly.
  '\r': '&#13;',
  '\u0085': '&#133;',
  '\u2028': '&#8232;',
  '\n': '&#10;',
  '\t': '&#9;',
};

// Module-level, not literals in the function: a literal builds a new RegExp on every call.
const CONTENT_SPECIAL = /[&<>"'\r\u0085\u2028]/g;
const TAG_SPECIAL = /[&<>"'\r\n\t\u0085\u2028]/g;

const entityOf = (char: string): string => ENTITIES[char] ?? char;

/** XML-escapes a value's text; `\n` and `\t` only need references inside a tag's attributes. */
function escapeXml(value: TemplateValue | undefined, inTag = false): string {
  return valueText(value)
    .replace(NOT_XML_CHAR, '')
    .replace(inTag ? TAG_SPECIAL : CONTENT_SPECIAL, entityOf);
}

/** {@link escapeXml} for a value inside a tag (an attribute value). */
function escapeXmlInTag(value: TemplateValue | undefined): string {
  return escapeXml(value, true);
}

const CDATA_BREAK = ']]><![CDATA[';
const LINE_ENDS = /[\r\u0085\u2028]/g;

/**
 * A value for the inside of a CDATA section: raw, with every `]]>` split across two sections.
 * A leading `>`/`]` or trailing `]` could form `]]>` with the text around it, so there the
 * section is closed and reopened too. A CR (or NEL, LSEP) steps out of the section as a
 * character reference, which a parser would otherwise turn into LF.
 */
function escapeCdata(value: TemplateValue | undefined): string {
  const text = valueText(value).replace(NOT_XML_CHAR, '');
  if (text === '') return '';
  const body = text
    .replaceAll(']]>', `]]${CDATA_BREAK}>`)
    .replace(LINE_ENDS, (char) => `]]>${ENTITIES[char] ?? ''}<![CDATA[`);
  const before = text.startsWith('>') || text.startsWith(']') ? CDATA_BREAK : '';
  const after = text.endsWith(']') ? CDATA_BREAK : '';
  return before + body + after;
}

/** Lexes an XML template's literal text to know where each token sits. */
class XmlLexer implements ContextLexer {
  #place: XmlPlace = 'content';
  #quote: string | undefined;

  text(literal: string): void {
    let at = 0;
    while (at < literal.length) {
      const char = literal[at];
      if (this.#place === 'cdata') at = this.#skipTo(literal, at, ']]>');
      else if (this.#place === 'comment') at = this.#skipTo(literal, at, '-->');
      else if (this.#place === 'tag') {
        if (this.#quote !== undefined) this.#quote = char === this.#quote ? undefined : this.#quote;
        else if (char === '"' || char === "'") this.#quote = char;
        else if (char === '>') this.#place = 'content';
        at += 1;
      } else if (literal.startsWith('<![CDATA[', at)) {
        this.#place = 'cdata';
        at += '<![CDATA['.length;
      } else if (literal.startsWith('<!--', at)) {
        this.#place = 'comment';
        at += '<!--'.length;
      } else {
        if (char === '<') {
          this.#place = 'tag';
          this.#quote = undefined;
        }
        at += 1;
      }
    }
  }

  valueEncoder(): ValueEncoder {
    if (this.#place === 'cdata') return escapeCdata;
    return this.#place === 'tag' ? escapeXmlInTag : escapeXml;
  }

  #skipTo(literal: string, from: number, marker: string): number {
    const end = literal.indexOf(marker, from);
    if (end === -1) return literal.length;
    this.#place = 'content';
    return end + marker.length;
  }
}

// An XML lexer always has an encoder: only literal text decides the place.
const compileXml = memoizeByTemplate((template) => compilePieces(template, new XmlLexer()) ?? []);

/**
 * Renders an XML body template (docs/flows.md, docs/webhook-widget.md): values are entity-escaped, or inserted raw
 * inside a literal `<![CDATA[ ... ]]>` section with any `]]>` split; characters XML 1.0 does
 * not allow are dropped. The literal text is lexed once per template. The widget checks well-formedness afterwards (INVALID_REQUEST).
 */
export function renderXmlBody(template: string, lookup: VariableLookup, maxBytes?: number): string {
  return renderPieces(compileXml(template), lookup, maxBytes);
}
