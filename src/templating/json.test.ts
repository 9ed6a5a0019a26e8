import { describe, expect, it } from 'vitest';
import {
  HOSTILE,
  HOSTILE_ROWS,
  lookupFrom,
  lookupV,
  type Hostile,
} from './hostile-values.fixture.js';
import { renderJsonBody } from './json.js';
import type { TemplateValue } from './types.js';

/** The JSON-escaped text inside a string's quotes (unicode kept, U+2028 escaped). */
const IN_STRING: Record<Hostile, string> = {
  doubleQuote: 'say \\"hi\\"',
  singleQuote: "it's",
  backslash: 'C:\\\\dir\\\\',
  newline: 'a\\nb',
  crlf: 'a\\r\\nb',
  tab: 'a\\tb',
  closingTag: '</x><y a=\\"1\\">',
  cdataEnd: 'a]]>b',
  ampersand: 'fish & chips',
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
  lineSeparator: 'a\\u2028b',
  controlChar: 'bell\\u0007',
  loneSurrogate: '\\ud800x',
  jsonObject: '{\\"a\\":[1,\\"x\\"]}',
  jsonString: '\\"quoted\\"',
  queryLike: 'a=1&b=2',
  urlLike: 'https://evil.example/?x=1#y',
  empty: '',
};

/** JSON text values inserted unquoted come out as that JSON; the rest as string literals. */
const AS_VALUE: Partial<Record<Hostile, unknown>> = {
  jsonObject: { a: [1, 'x'] },
  jsonString: 'quoted',
};

describe('renderJsonBody', () => {
  describe.each(HOSTILE_ROWS)('hostile value %s', (label, value) => {
    const lookup = lookupV(value);

    it('is escaped inside a string and parses back to itself', () => {
      const body = renderJsonBody('{"v": "$flow.key.v", "w": "<$flow.key.v>"}', lookup);
      expect(body).toBe(`{"v": "${IN_STRING[label]}", "w": "<${IN_STRING[label]}>"}`);
      expect(JSON.parse(body)).toEqual({ v: value, w: `<${value}>` });
    });

    it('is a whole JSON value when unquoted', () => {
      const body = renderJsonBody('{"v": $flow.key.v}', lookup);
      const expected = label in AS_VALUE ? AS_VALUE[label] : value;
      expect(JSON.parse(body)).toEqual({ v: expected });
    });
  });

  const asValue: Array<[TemplateValue | undefined, string]> = [
    [undefined, 'null'],
    [null, 'null'],
    [42, '42'],
    [-1.5, '-1.5'],
    [0, '0'],
    [Number.NaN, 'null'],
    [true, 'true'],
    [false, 'false'],
    // strings holding JSON text are inserted as that JSON, re-serialised
    ['42', '42'],
    [' 7 ', '7'],
    ['true', 'true'],
    ['null', 'null'],
    ['{"a": 1, "b": [1, 2]}', '{"a":1,"b":[1,2]}'],
    ['[1, "x"]', '[1,"x"]'],
    ['"x"', '"x"'],
    ['{"s":"a\u2028b"}', '{"s":"a\\u2028b"}'],
    // any other string becomes a JSON string literal
    ['hello', '"hello"'],
    ['', '""'],
    ['007', '"007"'],
    ['1e400', '"1e400"'],
    ['{"a":', '"{\\"a\\":"'],
    ['1, "injected": true', '"1, \\"injected\\": true"'],
    ['say "hi"\n', '"say \\"hi\\"\\n"'],
  ];

  it.each(asValue)('inserts %j unquoted as %s', (value, expected) => {
    expect(renderJsonBody('{"v": $flow.key.v}', lookupV(value))).toBe(`{"v": ${expected}}`);
  });

  const inString: Array<[TemplateValue | undefined, string]> = [
    [undefined, '""'],
    [null, '""'],
    [42, '"42"'],
    [true, '"true"'],
    ['{"a":1}', '"{\\"a\\":1}"'],
  ];

  it.each(inString)('inserts %j inside a string as %s', (value, expected) => {
    expect(renderJsonBody('{"v": "$flow.key.v"}', lookupV(value))).toBe(`{"v": ${expected}}`);
  });

  const lexing: Array<[string, Record<string, TemplateValue>, string]> = [
    // escaped quotes in the literal text do not end the string
    [
      '{"a": "say \\"$flow.key.v\\" now"}',
      { '$flow.key.v': 'x"y' },
      '{"a": "say \\"x\\"y\\" now"}',
    ],
    // an escaped backslash does: the token after the closing quote is a value
    [
      '{"a": "C:\\\\", "b": $flow.key.v}',
      { '$flow.key.v': 'x"y' },
      '{"a": "C:\\\\", "b": "x\\"y"}',
    ],
    ['{"a": "C:\\\\$flow.key.v"}', { '$flow.key.v': 'x"y' }, '{"a": "C:\\\\x\\"y"}'],
    // tokens in keys, arrays and after strings
    ['{"$flow.key.k": $flow.key.n}', { '$flow.key.k': 'a"b', '$flow.key.n': 3 }, '{"a\\"b": 3}'],
    ['[$flow.key.v, "$flow.key.v"]', { '$flow.key.v': 'x' }, '["x", "x"]'],
    ['{"a": "x", "b": $flow.key.n}', { '$flow.key.n': 5 }, '{"a": "x", "b": 5}'],
    ['{"a": "${flow.key.id}.json"}', { '$flow.key.id': '7' }, '{"a": "7.json"}'],
    [
      '{"price": "$$5", "v": $$flow.key.v}',
      { '$flow.key.v': 'x' },
      '{"price": "$5", "v": $flow.key.v}',
    ],
    // the seed's example body
    ['{ "id": "$flow.key.customer_id" }', { '$flow.key.customer_id': 'c-1' }, '{ "id": "c-1" }'],
  ];

  it.each(lexing)('%s', (template, variables, expected) => {
    expect(renderJsonBody(template, lookupFrom(variables))).toBe(expected);
  });

  it('never lets a value break out of its string', () => {
    const body = renderJsonBody(
      '{"note": "$flow.key.v", "admin": false}',
      lookupV(HOSTILE.jsonObject + '", "admin": true, "x": "'),
    );
    expect(JSON.parse(body)).toEqual({
      note: '{"a":[1,"x"]}", "admin": true, "x": "',
      admin: false,
    });
  });
});
