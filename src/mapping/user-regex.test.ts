import { describe, expect, it } from 'vitest';
import { queryJsonPath } from './json-path.js';
import { MAX_PATTERN_LENGTH, regexFinds, regexProblem } from './user-regex.js';

describe('user regexes (re2js)', () => {
  it('accepts RE2 syntax', () => {
    for (const pattern of ['^a+$', '(?i)gold', '\\p{Lu}', '(?P<id>\\d+)', '\\x{e9}']) {
      expect(regexProblem(pattern)).toBeNull();
    }
  });

  it.each([
    ['(a)\\1', /invalid escape sequence/],
    ['a(?=b)', /unsupported Perl syntax/],
    ['(?<!a)b', /not an RE2 pattern/],
    ['(', /missing closing \)/],
  ])('refuses %s with a one-line reason', (pattern, reason) => {
    expect(regexProblem(pattern)).toMatch(reason);
    expect(regexFinds(pattern, 'aab')).toBe(false);
  });

  it('refuses a pattern longer than the limit', () => {
    expect(regexProblem('a'.repeat(MAX_PATTERN_LENGTH))).toBeNull();
    expect(regexProblem('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/at most 1000 characters/);
  });

  it('runs a nested quantifier on a long hostile text in linear time', () => {
    expect(regexFinds('^(a+)+$', `${'a'.repeat(100_000)}b`)).toBe(false);
    expect(regexFinds('(x+x+)+y', 'x'.repeat(100_000))).toBe(false);
  });

  it('runs JSONPath match() and search() on the same engine', () => {
    const body = { values: [`${'a'.repeat(100_000)}b`, 'aaa'] };
    expect(queryJsonPath(body, "$.values[?match(@, '(a+)+')]")).toEqual(['aaa']);
    expect(queryJsonPath(body, "$.values[?search(@, '^(a|aa)+$')]")).toEqual(['aaa']);
  });
});
