import { describe, expect, it } from 'vitest';
import { lookupFrom, lookupV } from './hostile-values.fixture.js';
import { renderHeaderValue } from './header.js';
import type { TemplateValue } from './types.js';

const REFUSED =
  'a line break (CR/LF), NUL or other control character, which a header value may not hold';

describe('renderHeaderValue', () => {
  const accepted: Array<[string, TemplateValue | undefined, string]> = [
    ['Bearer $flow.key.v', 'abc.def', 'Bearer abc.def'],
    ['$flow.key.v', 'say "hi" & <b>', 'say "hi" & <b>'],
    ['$flow.key.v', 'a\tb', 'a\tb'],
    ['$flow.key.v', 'café', 'café'],
    ['x-$flow.key.v', undefined, 'x-'],
    ['x-$flow.key.v', null, 'x-'],
    ['$flow.key.v', 7, '7'],
    ['$flow.key.v', false, 'false'],
    ['$$flow.key.v', 'ignored', '$flow.key.v'],
  ];

  it.each(accepted)('%j with %j → %j', (template, value, expected) => {
    expect(renderHeaderValue(template, lookupV(value))).toEqual({ ok: true, value: expected });
  });

  const refused: Array<[string, string]> = [
    ['CRLF', 'sk_live_SECRET\r\nX-Injected: 1'],
    ['LF', 'sk_live_SECRET\nX-Injected: 1'],
    ['CR', 'sk_live_SECRET\rX-Injected: 1'],
    ['NUL', 'sk_live_SECRET\0'],
    ['BEL', 'sk_live_SECRET\u0007'],
    ['DEL', 'sk_live_SECRET\u007f'],
  ];

  it.each(refused)('refuses a value with %s and never shows the value', (_label, value) => {
    const result = renderHeaderValue('Bearer $flow.key.v', lookupV(value));
    expect(result).toEqual({ ok: false, message: `the value of $flow.key.v contains ${REFUSED}` });
    expect(JSON.stringify(result)).not.toContain('SECRET');
    expect(JSON.stringify(result)).not.toContain('Injected');
  });

  it('names the variable that brought the line break', () => {
    const lookup = lookupFrom({ '$flow.key.ok': 'fine', '$user.key.token': 'x\r\ny' });
    expect(renderHeaderValue('$flow.key.ok ${user.key.token}', lookup)).toEqual({
      ok: false,
      message: `the value of $user.key.token contains ${REFUSED}`,
    });
  });

  it('refuses a template that itself holds a line break', () => {
    expect(renderHeaderValue('a\r\nX-Injected: $flow.key.v', lookupV('1'))).toEqual({
      ok: false,
      message: `the header value template itself contains ${REFUSED}`,
    });
  });
});
