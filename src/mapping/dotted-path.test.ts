import { describe, expect, test } from 'vitest';
import { isDottedPath, parseDottedPath, type PathSegment } from './dotted-path.js';
import { findPathProblem } from './index.js';

const key = (name: string): PathSegment => ({ kind: 'key', key: name });
const index = (at: number): PathSegment => ({ kind: 'index', index: at });

describe('parseDottedPath', () => {
  test.each<[string, PathSegment[]]>([
    ['data', []],
    ['data.customer.name', [key('customer'), key('name')]],
    ['data.items[0].id', [key('items'), index(0), key('id')]],
    ['data[2]', [index(2)]],
    ['data[-1]', [index(-1)]],
    ['data[10][3]', [index(10), index(3)]],
    ['data["key with.dots"]', [key('key with.dots')]],
    ['data["a \\"b\\""].c', [key('a "b"'), key('c')]],
    ['data[""]', [key('')]],
    ['data["\\u00e9t\\u00e9"]', [key('été')]],
    ['data.order.@id', [key('order'), key('@id')]],
    ['data.soap:Body.$ref.first-name', [key('soap:Body'), key('$ref'), key('first-name')]],
    ['data.été.123', [key('été'), key('123')]],
  ])('%s', (path, segments) => {
    expect(parseDottedPath(path)).toEqual({ ok: true, segments });
  });

  test.each<[string, string]>([
    ['datum', 'a dotted path starts with "data"'],
    ['data.', 'expected a name after "." at character 6 (quote odd keys: ["a b"])'],
    ['data..x', 'expected a name after "." at character 6 (quote odd keys: ["a b"])'],
    ['data.a b', 'expected "." or "[" at character 7'],
    ['data.a]', 'expected "." or "[" at character 7'],
    ['data[', 'expected an index or a "quoted key" after "[" at character 6'],
    ['data[]', 'expected an index or a "quoted key" after "[" at character 6'],
    ['data[01]', 'expected an index or a "quoted key" after "[" at character 6'],
    ['data[1', 'expected an index or a "quoted key" after "[" at character 6'],
    ['data[x]', 'expected an index or a "quoted key" after "[" at character 6'],
    ["data['x']", 'expected an index or a "quoted key" after "[" at character 6'],
    ['data[1.5]', 'expected an index or a "quoted key" after "[" at character 6'],
    ['data[-0]', '-0 is not an index (character 6)'],
    ['data[99999999999999999]', 'index too large at character 6'],
    ['data["x"', 'expected "]" at character 9'],
    ['data["x', 'unterminated quoted key at character 6'],
    ['data["\\q"]', 'invalid quoted key at character 6 (JSON string syntax)'],
  ])('%s is refused', (path, problem) => {
    expect(parseDottedPath(path)).toEqual({ ok: false, problem });
  });

  test.each<[string, boolean]>([
    ['data', true],
    ['data.x', true],
    ['data[0]', true],
    ['database', false],
    ['data/x', false],
    ['$.data', false],
    ['/data', false],
  ])('isDottedPath(%s) is %s', (path, dotted) => {
    expect(isDottedPath(path)).toBe(dotted);
  });
});

describe('findPathProblem', () => {
  test.each<[string, 'json' | 'xml', string | null]>([
    ['data.customer.name', 'json', null],
    ['data', 'json', null],
    ['$.items[*].id', 'json', null],
    ['$..name', 'json', null],
    ['$[?@.price < 10]', 'json', null],
    ['', 'json', 'the path is empty'],
    [
      'customer.name',
      'json',
      'a JSON path starts with "data" (e.g. data.customer.name) or "$" (JSONPath)',
    ],
    [' $', 'json', 'a JSON path starts with "data" (e.g. data.customer.name) or "$" (JSONPath)'],
    [
      '/order/status',
      'json',
      'a JSON path starts with "data" (e.g. data.customer.name) or "$" (JSONPath)',
    ],
    ['data..x', 'json', 'expected a name after "." at character 6 (quote odd keys: ["a b"])'],
    ['data.order.@id.x', 'json', null],
    ['data.order.status', 'xml', null],
    ['data.order.@id', 'xml', null],
    ['data.orders.order[1].@id', 'xml', null],
    ['data.order.@id.x', 'xml', 'an attribute (@name) can only be the last segment'],
    ['data.@id[0]', 'xml', 'an attribute (@name) can only be the last segment'],
    ['data.order.note.#text', 'xml', null],
    ['data.order.#text.x', 'xml', '#text can only be the last segment'],
    ['data.order.#text[0]', 'xml', '#text can only be the last segment'],
    ['data[', 'xml', 'expected an index or a "quoted key" after "[" at character 6'],
    ['/order/status', 'xml', null],
    ['//soap:Body/m:price', 'xml', null],
    ['count(//item)', 'xml', null],
    ['string(/order/@id)', 'xml', null],
    ['order/status', 'xml', null],
    ['', 'xml', 'the path is empty'],
    ['/order[', 'xml', 'invalid XPath: XPath parse error'],
    ['foo()', 'xml', 'invalid XPath: Unknown function foo'],
    ['$x', 'xml', 'invalid XPath: Undeclared variable: $x'],
    ['concat("a")', 'xml', 'invalid XPath: Function concat expects (string, string[, string]*)'],
  ])('%s (%s)', (path, type, problem) => {
    expect(findPathProblem(path, type)).toBe(problem);
  });

  test.each(['$[', '$.a..', '$flow.key.x', '$[?length(@.a)]', '$[?match(@.a)]'])(
    'the invalid JSONPath %s is a problem',
    (path) => {
      expect(findPathProblem(path, 'json')).toMatch(/^invalid JSONPath: /);
    },
  );
});
