import { describe, expect, it } from 'vitest';
import { HOSTILE } from './hostile-values.fixture.js';
import { jsonTemplateAlwaysWellFormed, renderJsonBody } from './json.js';
import type { TemplateValue } from './types.js';

/** Templates and whether every rendering of them is well-formed JSON whatever the values. */
const CASES: Array<[string, boolean]> = [
  // proven: tokens inside strings, or whole values
  ['{"id": "$flow.key.v", "note": "$flow.key.w"}', true],
  ['{"v": $flow.key.v, "list": [$flow.key.v, $flow.key.w], "n": null}', true],
  ['$flow.key.v', true],
  ['  [ "<$flow.key.v>", {"k": $flow.key.w} ]  ', true],
  ['{"a\\"b": "x\\\\$flow.key.v"}', true],
  ['{"t": "\\u0041$flow.key.v\\n"}', true],
  ['', false],
  ['{}', true],
  // not proven: the values decide (so the widget parses the result)
  ['{"v": "\\$flow.key.v"}', false],
  ['{$flow.key.v: 1}', false],
  ['{"a": 1$flow.key.v}', false],
  ['[$flow.key.v $flow.key.w]', false],
  ['[${flow.key.v}true]', false],
  ['{"v": -$flow.key.v}', false],
  ['{"v": $flow.key.v', false],
  ['"$flow.key.v', false],
  ['not json', false],
];

/** Values that stress every position: hostile text, JSON text, scalars, nothing. */
const VALUES: Array<TemplateValue | undefined> = [
  ...Object.values(HOSTILE),
  undefined,
  null,
  0,
  -1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  '42',
  '1e400',
  '-0',
  '[1, {"a": "\u2028"}]',
  '\\',
  'n',
  'u12',
  '{"__proto__": 1}',
  '[[[[[[[[[[]]]]]]]]]]',
];

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonTemplateAlwaysWellFormed', () => {
  it.each(CASES)('%j → %s', (template, expected) => {
    expect(jsonTemplateAlwaysWellFormed(template)).toBe(expected);
  });

  const proven = CASES.filter(([, wellFormed]) => wellFormed).map(([template]) => template);

  it.each(proven)('every rendering of %j parses, whatever the values', (template) => {
    for (const v of VALUES) {
      for (const w of VALUES) {
        const body = renderJsonBody(template, (name) =>
          name === '$flow.key.v' ? v : name === '$flow.key.w' ? w : undefined,
        );
        expect(parses(body), `v=${JSON.stringify(v)} w=${JSON.stringify(w)}: ${body}`).toBe(true);
      }
    }
  });

  it('is not claimed where some value breaks the body', () => {
    const lookup =
      (value: TemplateValue): ((name: string) => TemplateValue) =>
      () =>
        value;
    expect(parses(renderJsonBody('{"v": "\\$flow.key.v"}', lookup('a')))).toBe(false);
    expect(parses(renderJsonBody('{$flow.key.v: 1}', lookup(42)))).toBe(false);
    expect(parses(renderJsonBody('{"a": 1$flow.key.v}', lookup('x')))).toBe(false);
  });
});
