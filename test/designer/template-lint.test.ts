import { describe, expect, it } from 'vitest';
import {
  jsonBodyProblem,
  readParserError,
  substituteTokens,
  xmlBodyProblem,
  type XmlParse,
} from '../../designer/src/editors/template-lint.js';

describe('template-aware body lint (designer)', () => {
  it('keeps positions: a token becomes text of its length', () => {
    const body = '{"id": "$flow.key.id", "n": ${flow.key.count}}';
    const text = substituteTokens(body, 'json');
    expect(text).toHaveLength(body.length);
    expect(text).toBe(`{"id": "${'x'.repeat(12)}", "n": ${'null'.padEnd(17)}}`);
    expect(JSON.parse(text)).toEqual({ id: 'xxxxxxxxxxxx', n: null });
  });

  it.each([
    '{"id": "$flow.key.id"}',
    '{"n": $flow.key.count, "ok": true}',
    '[$flow.key.a, ${user.key.b}, $flow.syskey.from]',
    '{"price": "$5.00", "literal": "$$flow.key.x"}',
    '{"escaped": "a \\" $flow.key.x \\\\"}',
    '',
    '   ',
  ])('does not flag the valid template %j', (body) => {
    expect(jsonBodyProblem(body)).toBeUndefined();
  });

  it.each([
    ['{"id": "x",}', 11],
    ['{"id" "$flow.key.id"}', 6],
    ['{"a": 1', 7],
  ])('flags %j near offset %i', (body, offset) => {
    const problem = jsonBodyProblem(body);
    expect(problem?.message).toMatch(/^Invalid JSON: /);
    expect(Math.abs((problem?.from ?? -99) - offset)).toBeLessThanOrEqual(1);
    expect(problem?.to).toBeGreaterThan(problem?.from ?? Infinity);
  });

  it('reads XML with tokens as text and points at the parser’s line and column', () => {
    const seen: string[] = [];
    const ok: XmlParse = (text) => {
      seen.push(text);
      return undefined;
    };
    expect(xmlBodyProblem('<a id="$flow.key.id">${flow.key.x}</a>', ok)).toBeUndefined();
    expect(seen).toEqual(['<a id="xxxxxxxxxxxx">xxxxxxxxxxxxx</a>']);
    const broken: XmlParse = () => ({ message: 'mismatch', line: 2, column: 3 });
    expect(xmlBodyProblem('<a>\n<b></a>', broken)).toEqual({
      from: 6,
      to: 7,
      message: 'Invalid XML: mismatch',
    });
  });

  it('reads Chromium’s parsererror text', () => {
    expect(
      readParserError(
        'This page contains the following errors:error on line 2 at column 5: Opening and ending tag mismatch: b line 2 and a\nBelow is a rendering',
      ),
    ).toEqual({ line: 2, column: 5, message: 'Opening and ending tag mismatch: b line 2 and a' });
    expect(readParserError('XML Parsing Error: not well-formed\nLine Number 1, Column 4:')).toEqual(
      { line: 1, column: 4, message: 'XML Parsing Error: not well-formed' },
    );
  });
});
