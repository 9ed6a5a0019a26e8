import { describe, expect, it } from 'vitest';
import { HOSTILE_ROWS, lookupV, type Hostile } from './hostile-values.fixture.js';
import type { TemplateValue } from './types.js';
import { renderUrl } from './url.js';

/** One path segment, query key or query value: encodeURIComponent semantics. */
const COMPONENT: Record<Hostile, string> = {
  doubleQuote: 'say%20%22hi%22',
  singleQuote: "it's",
  backslash: 'C%3A%5Cdir%5C',
  newline: 'a%0Ab',
  crlf: 'a%0D%0Ab',
  tab: 'a%09b',
  closingTag: '%3C%2Fx%3E%3Cy%20a%3D%221%22%3E',
  cdataEnd: 'a%5D%5D%3Eb',
  ampersand: 'fish%20%26%20chips',
  equals: 'a%3Db',
  question: 'what%3F',
  hash: '%231',
  slash: 'a%2Fb',
  percent: '100%25',
  percentEncoded: '%252F',
  spaces: '%20two%20%20spaces%20',
  plus: '1%2B1',
  accented: 'caf%C3%A9',
  cjk: '%E6%97%A5%E6%9C%AC',
  emoji: '%F0%9F%91%8D%F0%9F%8F%BD',
  lineSeparator: 'a%E2%80%A8b',
  controlChar: 'bell%07',
  loneSurrogate: '%EF%BF%BDx',
  jsonObject: '%7B%22a%22%3A%5B1%2C%22x%22%5D%7D',
  jsonString: '%22quoted%22',
  queryLike: 'a%3D1%26b%3D2',
  urlLike: 'https%3A%2F%2Fevil.example%2F%3Fx%3D1%23y',
  empty: '',
};

/** In a fragment `/ ? : @` stay readable. */
const FRAGMENT: Record<Hostile, string> = {
  ...COMPONENT,
  backslash: 'C:%5Cdir%5C',
  closingTag: '%3C/x%3E%3Cy%20a%3D%221%22%3E',
  question: 'what?',
  slash: 'a/b',
  jsonObject: '%7B%22a%22:%5B1%2C%22x%22%5D%7D',
  urlLike: 'https://evil.example/?x%3D1%23y',
};

/** What the receiver decodes: the value, with a lone surrogate replaced. */
const decoded = (label: Hostile, value: string) => (label === 'loneSurrogate' ? '\uFFFDx' : value);

describe('renderUrl', () => {
  describe.each(HOSTILE_ROWS)('hostile value %s', (label, value) => {
    const lookup = lookupV(value);

    it('is one path segment', () => {
      const url = renderUrl('https://api.example.com/customers/$flow.key.v/orders', lookup);
      expect(url).toBe(`https://api.example.com/customers/${COMPONENT[label]}/orders`);
      const segments = new URL(url).pathname.split('/');
      expect(segments).toHaveLength(4);
      expect(decodeURIComponent(segments[2]!)).toBe(decoded(label, value));
    });

    it('is one query value', () => {
      const url = renderUrl('https://api.example.com/search?q=$flow.key.v&lang=en', lookup);
      expect(url).toBe(`https://api.example.com/search?q=${COMPONENT[label]}&lang=en`);
      const query = new URL(url).searchParams;
      expect([...query.keys()]).toEqual(['q', 'lang']);
      expect(query.get('q')).toBe(decoded(label, value));
    });

    it('is one query key', () => {
      const url = renderUrl('https://api.example.com/search?$flow.key.v=1', lookup);
      expect(url).toBe(`https://api.example.com/search?${COMPONENT[label]}=1`);
    });

    it('is fragment-encoded after #', () => {
      const url = renderUrl('https://api.example.com/page#$flow.key.v', lookup);
      expect(url).toBe(`https://api.example.com/page#${FRAGMENT[label]}`);
      expect(decodeURIComponent(new URL(url).hash.slice(1))).toBe(decoded(label, value));
    });
  });

  const scalars: Array<[TemplateValue | undefined, string]> = [
    [undefined, 'https://x.example/c/?n='],
    [null, 'https://x.example/c/?n='],
    [42, 'https://x.example/c/42?n=42'],
    [-1.5, 'https://x.example/c/-1.5?n=-1.5'],
    [true, 'https://x.example/c/true?n=true'],
    [false, 'https://x.example/c/false?n=false'],
  ];

  it.each(scalars)('renders %j', (value, expected) => {
    expect(renderUrl('https://x.example/c/$flow.key.v?n=$flow.key.v', lookupV(value))).toBe(
      expected,
    );
  });
});
