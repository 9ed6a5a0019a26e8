import { describe, expect, it } from 'vitest';
import { findTemplateProblems } from './parse.js';
import { templateString } from './schema.js';

const HINT = ' (write $$ for a literal $)';
const BAD_NAMESPACE =
  'expected ${flow.key.NAME}, ${flow.syskey.NAME}, ${user.key.NAME} or ${user.syskey.NAME}';
const BARE_FLOW = '"$flow." must be followed by "key." or "syskey." and a name';
const BARE_USER = '"$user." must be followed by "key." or "syskey." and a name';
const badName = (name: string) =>
  `"${name}" is not a variable name (segments of [A-Za-z_][A-Za-z0-9_]* joined by dots)`;
const problem = (token: string, at: number, reason: string) =>
  `bad template token "${token}" at ${at}: ${reason}${HINT}`;

describe('findTemplateProblems', () => {
  const cases: Array<[string, string[]]> = [
    // braced: unclosed, unknown namespace, empty name, bad characters
    ['id=${flow.key.id', [problem('${flow.key.id', 3, 'no closing "}"')]],
    ['${', [problem('${', 0, 'no closing "}"')]],
    ['${flow.key.x $flow.key.y', [problem('${flow.key.x ', 0, 'no closing "}"')]],
    ['${}', [problem('${}', 0, BAD_NAMESPACE)]],
    ['${amount}', [problem('${amount}', 0, BAD_NAMESPACE)]],
    ['${flow.kye.x}', [problem('${flow.kye.x}', 0, BAD_NAMESPACE)]],
    ['${flow.x}', [problem('${flow.x}', 0, BAD_NAMESPACE)]],
    ['${user.name}', [problem('${user.name}', 0, BAD_NAMESPACE)]],
    ['${flow.key.}', [problem('${flow.key.}', 0, 'the variable name is missing')]],
    ['${flow.key}', [problem('${flow.key}', 0, 'the variable name is missing')]],
    ['abc ${flow.key.a-b}', [problem('${flow.key.a-b}', 4, badName('a-b'))]],
    ['${flow.key.9x}', [problem('${flow.key.9x}', 0, badName('9x'))]],
    ['${flow.key.a.}', [problem('${flow.key.a.}', 0, badName('a.'))]],
    ['${ flow.key.a }', [problem('${ flow.key.a }', 0, BAD_NAMESPACE)]],
    // bare: wrong scope word, missing or bad name
    ['$flow.kye.x', [problem('$flow.kye.x', 0, BARE_FLOW)]],
    ['$flow.keys.x', [problem('$flow.keys.x', 0, BARE_FLOW)]],
    ['Hello $user.name', [problem('$user.name', 6, BARE_USER)]],
    ['$user.', [problem('$user.', 0, BARE_USER)]],
    ['$flow.key.', [problem('$flow.key.', 0, 'the variable name is missing')]],
    ['$flow.key', [problem('$flow.key', 0, 'the variable name is missing')]],
    ['$flow.syskey. x', [problem('$flow.syskey.', 0, 'the variable name is missing')]],
    ['$flow.key.9x', [problem('$flow.key.9x', 0, badName('9x'))]],
    ['$user.key.1.a', [problem('$user.key.1.a', 0, badName('1.a'))]],
    // several problems, each with its own position; valid tokens between are not reported
    [
      '$flow.kye.a $flow.key.ok ${flow.key.a-b}',
      [problem('$flow.kye.a', 0, BARE_FLOW), problem('${flow.key.a-b}', 25, badName('a-b'))],
    ],
    // a long unclosed brace is shown shortened
    [
      '${flow.key.x and then a very long body that goes on and on',
      [problem('${flow.key.x and then a very long body t…', 0, 'no closing "}"')],
    ],
  ];

  it.each(cases)('%j', (template, expected) => {
    expect(findTemplateProblems(template)).toEqual(expected);
  });

  const clean = [
    '',
    'plain',
    '$5.00',
    'a$',
    'US$ 5',
    '$$',
    '$$$$',
    '$$flow.key.x',
    '$${amount}',
    '$flowers',
    '$Flow.key.x',
    '$ 5',
    '{"price": "$5"}',
    '$flow.key.x-y/$flow.key.z',
    '$flow.key.a.b.',
    '${flow.key.id}.json',
    '$user.syskey.contactNumber',
    '${user.syskey.accountID}',
  ];

  it.each(clean)('no false positive for %j', (template) => {
    expect(findTemplateProblems(template)).toEqual([]);
  });
});

describe('templateString', () => {
  it('accepts a well-formed template unchanged', () => {
    expect(templateString.parse('Hi $flow.key.name, $$5')).toBe('Hi $flow.key.name, $$5');
  });

  it('adds one custom issue per malformed token', () => {
    const result = templateString.safeParse('$flow.kye.a ${flow.key.a-b}');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.code, issue.message])).toEqual([
      ['custom', problem('$flow.kye.a', 0, BARE_FLOW)],
      ['custom', problem('${flow.key.a-b}', 12, badName('a-b'))],
    ]);
  });

  it('rejects a non-string', () => {
    const result = templateString.safeParse(42);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['invalid_type']);
  });
});
