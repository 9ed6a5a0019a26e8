import { describe, expect, it } from 'vitest';
import {
  HOSTILE,
  HOSTILE_ROWS,
  lookupFrom,
  lookupV,
  type Hostile,
} from './hostile-values.fixture.js';
import type { TemplateValue } from './types.js';
import { parse, parsedText } from './xml-parse.fixture.js';
import { renderXmlBody } from './xml.js';

/** CDATA: raw, `]]>` split across sections, CR stepped out as a reference. */
const CDATA: Record<Hostile, string> = {
  ...HOSTILE,
  crlf: 'a]]>&#13;<![CDATA[\nb',
  lineSeparator: 'a]]>&#8232;<![CDATA[b',
  cdataEnd: 'a]]]]><![CDATA[>b',
  controlChar: 'bell',
  loneSurrogate: 'x',
};

describe('renderXmlBody inside CDATA', () => {
  describe.each(HOSTILE_ROWS)('hostile value %s', (label, value) => {
    it('is raw and never closes the section early', () => {
      const xml = renderXmlBody('<a><![CDATA[$flow.key.v]]></a>', lookupV(value));
      expect(xml).toBe(`<a><![CDATA[${CDATA[label]}]]></a>`);
      expect(parse(xml).textContent).toBe(parsedText(label, value));
    });
  });

  // Values whose edges could form `]]>` with the CDATA text around them.
  const cdataEdges: Array<[string, Record<string, TemplateValue>, string, string]> = [
    [
      '<a><![CDATA[]]$flow.key.v]]></a>',
      { '$flow.key.v': '>' },
      '<a><![CDATA[]]]]><![CDATA[>]]></a>',
      ']]>',
    ],
    [
      '<a><![CDATA[]$flow.key.v]]></a>',
      { '$flow.key.v': ']>' },
      '<a><![CDATA[]]]><![CDATA[]>]]></a>',
      ']]>',
    ],
    [
      '<a><![CDATA[$flow.key.v>]]></a>',
      { '$flow.key.v': ']]' },
      '<a><![CDATA[]]><![CDATA[]]]]><![CDATA[>]]></a>',
      ']]>',
    ],
    [
      '<a><![CDATA[$flow.key.v]>]]></a>',
      { '$flow.key.v': 'x]' },
      '<a><![CDATA[x]]]><![CDATA[]>]]></a>',
      'x]]>',
    ],
    [
      '<a><![CDATA[$flow.key.v$flow.key.w]]></a>',
      { '$flow.key.v': 'x]', '$flow.key.w': ']>' },
      '<a><![CDATA[x]]]><![CDATA[]]><![CDATA[]>]]></a>',
      'x]]>',
    ],
    [
      '<a><![CDATA[$flow.key.v]]></a>',
      { '$flow.key.v': '\r\n' },
      '<a><![CDATA[]]>&#13;<![CDATA[\n]]></a>',
      '\r\n',
    ],
  ];

  it.each(cdataEdges)('%s with %j', (template, variables, expected, text) => {
    const xml = renderXmlBody(template, lookupFrom(variables));
    expect(xml).toBe(expected);
    expect(parse(xml).textContent).toBe(text);
  });
});
