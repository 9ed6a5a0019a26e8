import { describe, expect, it } from 'vitest';
import { HOSTILE_ROWS, lookupFrom, lookupV } from './hostile-values.fixture.js';
import { renderText } from './render.js';
import type { TemplateValue } from './types.js';

describe('renderText', () => {
  const variables = {
    '$flow.key.name': 'Ada',
    '$flow.key.a': 'A',
    '$flow.key.b': 'B',
    '$flow.key.a.b': 'AB',
    '$flow.key.id': '42',
    '$flow.syskey.from': '+15550100',
    '$user.key.lang': 'fr',
    '$user.syskey.contactNumber': '+15550199',
    '$flow.key.nothing': null,
  };
  const cases: Array<[string, string]> = [
    ['Hi $flow.key.name!', 'Hi Ada!'],
    ['$flow.key.a.b.', 'AB.'],
    ['$flow.key.a$flow.key.b', 'AB'],
    ['${flow.key.a}.b', 'A.b'],
    ['${flow.key.id}.json', '42.json'],
    ['${flow.key.id}abc', '42abc'],
    ['$flow.syskey.from $user.key.lang $user.syskey.contactNumber', '+15550100 fr +15550199'],
    ['${flow.syskey.from}/${user.syskey.contactNumber}', '+15550100/+15550199'],
    ['[$flow.key.missing]', '[]'],
    ['[$flow.key.nothing]', '[]'],
    ['$$flow.key.name costs $$5', '$flow.key.name costs $5'],
    ['$5.00 US$', '$5.00 US$'],
    [
      'bad ${flow.key.a-b} $flow.kye.a ${flow.key.a',
      'bad ${flow.key.a-b} $flow.kye.a ${flow.key.a',
    ],
    ['$flow.key.a-$flow.key.b', 'A-B'],
  ];

  it.each(cases)('%j', (template, expected) => {
    expect(renderText(template, lookupFrom(variables))).toBe(expected);
  });

  const scalars: Array<[TemplateValue | undefined, string]> = [
    [undefined, '<>'],
    [null, '<>'],
    [42, '<42>'],
    [-1.5, '<-1.5>'],
    [0, '<0>'],
    [true, '<true>'],
    [false, '<false>'],
  ];

  it.each(scalars)('renders %j as %j', (value, expected) => {
    expect(renderText('<$flow.key.v>', lookupV(value))).toBe(expected);
  });

  it.each(HOSTILE_ROWS)('inserts the %s value verbatim', (_label, value) => {
    expect(renderText('<$flow.key.v>', lookupV(value))).toBe(`<${value}>`);
  });
});
