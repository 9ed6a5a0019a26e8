import { describe, expect, it } from 'vitest';
import { renderFormBody } from './form.js';
import { HOSTILE_ROWS, lookupFrom, lookupV, type Hostile } from './hostile-values.fixture.js';
import type { TemplateValue } from './types.js';

/** application/x-www-form-urlencoded: space → `+`, all but `A-Za-z0-9*-._` escaped. */
const FORM: Record<Hostile, string> = {
  doubleQuote: 'say+%22hi%22',
  singleQuote: 'it%27s',
  backslash: 'C%3A%5Cdir%5C',
  newline: 'a%0Ab',
  crlf: 'a%0D%0Ab',
  tab: 'a%09b',
  closingTag: '%3C%2Fx%3E%3Cy+a%3D%221%22%3E',
  cdataEnd: 'a%5D%5D%3Eb',
  ampersand: 'fish+%26+chips',
  equals: 'a%3Db',
  question: 'what%3F',
  hash: '%231',
  slash: 'a%2Fb',
  percent: '100%25',
  percentEncoded: '%252F',
  spaces: '+two++spaces+',
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

describe('renderFormBody', () => {
  it.each(HOSTILE_ROWS)('form-encodes the %s value as one field', (label, value) => {
    const body = renderFormBody('name=$flow.key.v&lang=en', lookupV(value));
    expect(body).toBe(`name=${FORM[label]}&lang=en`);
    // Same bytes as the WHATWG serializer, and it reads back as exactly two fields.
    expect(body).toBe(
      new URLSearchParams([
        ['name', value],
        ['lang', 'en'],
      ]).toString(),
    );
    const fields = [...new URLSearchParams(body)];
    const expected = label === 'loneSurrogate' ? '\uFFFDx' : value;
    expect(fields).toEqual([
      ['name', expected],
      ['lang', 'en'],
    ]);
  });

  it.each(HOSTILE_ROWS)('form-encodes the %s value in a key', (label, value) => {
    expect(renderFormBody('$flow.key.v=1', lookupV(value))).toBe(`${FORM[label]}=1`);
  });

  const cases: Array<[string, Record<string, TemplateValue>, string]> = [
    [
      'name=$flow.key.name&lang=en',
      { '$flow.key.name': 'Zoë & Ann' },
      'name=Zo%C3%AB+%26+Ann&lang=en',
    ],
    // literal template text is the author's own encoding and is kept
    ['a=x%20y+z&b=$flow.key.b', { '$flow.key.b': 'x y' }, 'a=x%20y+z&b=x+y'],
    ['a=$flow.key.a&b=$flow.key.b', { '$flow.key.a': 'a&b=c' }, 'a=a%26b%3Dc&b='],
    [
      'n=$flow.key.n&t=$flow.key.t&z=$flow.key.z',
      { '$flow.key.n': 42, '$flow.key.t': true, '$flow.key.z': null },
      'n=42&t=true&z=',
    ],
    ['price=$$5&x=${flow.key.x}y', { '$flow.key.x': '+' }, 'price=$5&x=%2By'],
  ];

  it.each(cases)('%j', (template, variables, expected) => {
    expect(renderFormBody(template, lookupFrom(variables))).toBe(expected);
  });
});
