import { describe, expect, test } from 'vitest';
import { MappingPathError, parseJson, readJson, toMappedValue, type ReadResult } from './index.js';

const body: unknown = JSON.parse(`{
  "customer": { "name": "Ada", "age": 36, "vip": true, "nickname": null, "tags": ["a", "b"] },
  "items": [{ "id": 1, "price": 10 }, { "id": 2, "price": 30 }, { "id": 3, "price": 5 }],
  "key with.dots": "dotted",
  "a \\"q\\"": "quoted",
  "__proto__": "own",
  "empty": "",
  "zero": 0
}`);
const found = (value: unknown): ReadResult => ({ found: true, value });
const nothing: ReadResult = { found: false };

describe('readJson with dotted paths', () => {
  test.each<[string, ReadResult]>([
    ['data.customer.name', found('Ada')],
    ['data.customer.age', found(36)],
    ['data.customer.vip', found(true)],
    ['data.customer.nickname', found(null)],
    ['data.customer.tags', found(['a', 'b'])],
    ['data.customer.tags[1]', found('b')],
    ['data.items[0].id', found(1)],
    ['data.items[-1].id', found(3)],
    ['data.items[-3].id', found(1)],
    ['data["key with.dots"]', found('dotted')],
    ['data["a \\"q\\""]', found('quoted')],
    ['data.__proto__', found('own')],
    ['data.empty', found('')],
    ['data.zero', found(0)],
    ['data.customer.missing', nothing],
    ['data.missing.name', nothing],
    ['data.customer.name.first', nothing],
    ['data.customer.nickname.x', nothing],
    ['data.items[3]', nothing],
    ['data.items[-4]', nothing],
    ['data.items.id', nothing],
    ['data.items.length', nothing],
    ['data.customer[0]', nothing],
    ['data.constructor', nothing],
    ['data.customer.toString', nothing],
    ['data.customer.tags["0"]', nothing],
  ])('%s', (path, result) => {
    expect(readJson(body, path)).toEqual(result);
  });

  test.each<[unknown, string, ReadResult]>([
    [body, 'data', found(body)],
    [[10, 20, 30], 'data[2]', found(30)],
    [[10, 20, 30], 'data[0]', found(10)],
    ['text', 'data', found('text')],
    [null, 'data', found(null)],
    [null, 'data.x', nothing],
    [42, 'data[0]', nothing],
    ['text', 'data[0]', nothing],
  ])('%j at %s', (document, path, result) => {
    expect(readJson(document, path)).toEqual(result);
  });

  test.each(['data..x', 'data[01]', 'customer.name', 'datum'])(
    '%s throws MappingPathError',
    (path) => {
      expect(() => readJson(body, path)).toThrow(MappingPathError);
    },
  );
});

describe('readJson with JSONPath', () => {
  test.each<[string, ReadResult]>([
    ['$.customer.name', found('Ada')],
    ['$.customer.nickname', found(null)],
    ['$.items[*].id', found([1, 2, 3])],
    ['$.items[?@.price > 8].id', found([1, 2])],
    ['$.items[?@.price > 20].id', found(2)],
    ['$.items[?@.price > 99].id', nothing],
    ['$.customer', found({ name: 'Ada', age: 36, vip: true, nickname: null, tags: ['a', 'b'] })],
    ['$..tags', found(['a', 'b'])],
    ['$..tags[*]', found(['a', 'b'])],
    ['$.missing', nothing],
    ['$.constructor', nothing],
    ['$["key with.dots"]', found('dotted')],
  ])('%s', (path, result) => {
    expect(readJson(body, path)).toEqual(result);
  });

  test('an invalid JSONPath throws MappingPathError naming the path', () => {
    expect(() => readJson(body, '$[')).toThrow(/^invalid JSONPath "\$\[": /);
  });
});

describe('toMappedValue', () => {
  test.each<[unknown, ReturnType<typeof toMappedValue>]>([
    ['Ada', 'Ada'],
    ['', ''],
    [36, 36],
    [-1.5, -1.5],
    [0, 0],
    [true, true],
    [false, false],
    [null, null],
    [{ a: 1, b: [true, null] }, '{"a":1,"b":[true,null]}'],
    [[1, 'two', { three: 3 }], '[1,"two",{"three":3}]'],
    [[], '[]'],
    [{}, '{}'],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [undefined, null],
  ])('%j', (value, mapped) => {
    expect(toMappedValue(value)).toStrictEqual(mapped);
  });
});

describe('parseJson', () => {
  test.each<[string, unknown]>([
    ['{"a":1}', { a: 1 }],
    ['\uFEFF{"a":1}', { a: 1 }],
    ['  [1, 2]\n', [1, 2]],
    ['"text"', 'text'],
    ['null', null],
    ['0', 0],
  ])('%j parses', (text, parsed) => {
    expect(parseJson(text)).toEqual({ ok: true, body: parsed });
  });

  test.each<[string, string]>([
    ['{"secret":', 'response body is not valid JSON'],
    ["{'a':1}", 'response body is not valid JSON'],
    ['hello secret', 'response body is not valid JSON'],
    ['{"a":1} trailing', 'response body is not valid JSON'],
    ['<a/>', 'response body is not valid JSON'],
    ['['.repeat(257) + ']'.repeat(257), 'response body nests deeper than 256 levels'],
    ['{"a":'.repeat(300) + '1' + '}'.repeat(300), 'response body nests deeper than 256 levels'],
  ])('%j is refused', (text, message) => {
    expect(parseJson(text)).toEqual({ ok: false, message });
  });

  test('256 levels are accepted and readable with ..', () => {
    const parsed = parseJson('['.repeat(255) + '{"deep":1}' + ']'.repeat(255));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(readJson(parsed.body, '$..deep')).toEqual(found(1));
  });
});
