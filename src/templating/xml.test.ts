import { describe, expect, it } from 'vitest';
import { HOSTILE_ROWS, lookupV, type Hostile } from './hostile-values.fixture.js';
import type { TemplateValue } from './types.js';
import { parse, parsedText } from './xml-parse.fixture.js';
import { renderXmlBody } from './xml.js';

/** Element content: the five entities, CR as a reference, disallowed characters dropped. */
const CONTENT: Record<Hostile, string> = {
  doubleQuote: 'say &quot;hi&quot;',
  singleQuote: 'it&apos;s',
  backslash: 'C:\\dir\\',
  newline: 'a\nb',
  crlf: 'a&#13;\nb',
  tab: 'a\tb',
  closingTag: '&lt;/x&gt;&lt;y a=&quot;1&quot;&gt;',
  cdataEnd: 'a]]&gt;b',
  ampersand: 'fish &amp; chips',
  equals: 'a=b',
  question: 'what?',
  hash: '#1',
  slash: 'a/b',
  percent: '100%',
  percentEncoded: '%2F',
  spaces: ' two  spaces ',
  plus: '1+1',
  accented: 'café',
  cjk: '日本',
  emoji: '👍🏽',
  lineSeparator: 'a&#8232;b',
  controlChar: 'bell',
  loneSurrogate: 'x',
  jsonObject: '{&quot;a&quot;:[1,&quot;x&quot;]}',
  jsonString: '&quot;quoted&quot;',
  queryLike: 'a=1&amp;b=2',
  urlLike: 'https://evil.example/?x=1#y',
  empty: '',
};

/** Attribute values also keep LF and tab as references (a parser turns them into spaces). */
const ATTRIBUTE: Record<Hostile, string> = {
  ...CONTENT,
  newline: 'a&#10;b',
  crlf: 'a&#13;&#10;b',
  tab: 'a&#9;b',
};

describe('renderXmlBody', () => {
  describe.each(HOSTILE_ROWS)('hostile value %s', (label, value) => {
    const lookup = lookupV(value);

    it('is escaped in element content', () => {
      const xml = renderXmlBody('<a>$flow.key.v</a>', lookup);
      expect(xml).toBe(`<a>${CONTENT[label]}</a>`);
      expect(parse(xml).textContent).toBe(parsedText(label, value));
    });

    it('is escaped in double- and single-quoted attributes', () => {
      const xml = renderXmlBody(`<a b="$flow.key.v" c='$flow.key.v'/>`, lookup);
      expect(xml).toBe(`<a b="${ATTRIBUTE[label]}" c='${ATTRIBUTE[label]}'/>`);
      const root = parse(xml);
      expect([root.getAttribute('b'), root.getAttribute('c')]).toEqual([
        parsedText(label, value),
        parsedText(label, value),
      ]);
    });
  });

  const contexts: Array<[string, TemplateValue, string]> = [
    // escaping resumes after the CDATA section ends
    ['<a><![CDATA[$flow.key.v]]>$flow.key.v</a>', '<&>', '<a><![CDATA[<&>]]>&lt;&amp;&gt;</a>'],
    // a quote or `>` inside a comment or a quoted attribute does not confuse the tracking
    ["<!-- it's > --><a>$flow.key.v</a>", 'x\ny', "<!-- it's > --><a>x\ny</a>"],
    ['<a t="a>b" c="$flow.key.v">$flow.key.v</a>', 'x\ny', '<a t="a>b" c="x&#10;y">x\ny</a>'],
    ['<?xml version="1.0"?><a>$flow.key.v</a>', 'x\ty', '<?xml version="1.0"?><a>x\ty</a>'],
    ['<a>${flow.key.v}.xml $$flow.key.v</a>', 'i', '<a>i.xml $flow.key.v</a>'],
    ['<a>$flow.key.v</a>', 'x\u0000\u0008\u000b\u000c\ufffe\uffffy', '<a>xy</a>'],
    ['<a b="$flow.key.v">$flow.key.v</a>', 'x\u0085y', '<a b="x&#133;y">x&#133;y</a>'],
    ['<a><![CDATA[$flow.key.v]]></a>', 'x\u0085y', '<a><![CDATA[x]]>&#133;<![CDATA[y]]></a>'],
  ];

  it.each(contexts)('%s with %j', (template, value, expected) => {
    const xml = renderXmlBody(template, lookupV(value));
    expect(xml).toBe(expected);
    parse(xml);
  });

  it('keeps NEL through a parser in content, attributes and CDATA', () => {
    const template = '<a b="$flow.key.v">$flow.key.v<![CDATA[$flow.key.v]]></a>';
    const root = parse(renderXmlBody(template, lookupV('x\u0085y')));
    expect([root.getAttribute('b'), root.textContent]).toEqual(['x\u0085y', 'x\u0085yx\u0085y']);
  });

  const scalars: Array<[TemplateValue | undefined, string]> = [
    [undefined, '<a b=""></a>'],
    [null, '<a b=""></a>'],
    [42, '<a b="42">42</a>'],
    [-1.5, '<a b="-1.5">-1.5</a>'],
    [true, '<a b="true">true</a>'],
    [false, '<a b="false">false</a>'],
  ];

  it.each(scalars)('renders %j', (value, expected) => {
    expect(renderXmlBody('<a b="$flow.key.v">$flow.key.v</a>', lookupV(value))).toBe(expected);
  });
});
