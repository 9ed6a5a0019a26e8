import { describe, expect, it } from 'vitest';
import { parseTemplate, templateVariables } from './parse.js';
import type { TemplatePart } from './types.js';

const text = (value: string): TemplatePart => ({ kind: 'text', text: value });
const variable = (name: string): TemplatePart => ({ kind: 'variable', name });

describe('parseTemplate', () => {
  const cases: Array<[string, TemplatePart[]]> = [
    ['', []],
    ['plain text', [text('plain text')]],
    // all four namespaces, bare and braced
    ['$flow.key.customer_id', [variable('$flow.key.customer_id')]],
    ['$flow.syskey.executionId', [variable('$flow.syskey.executionId')]],
    ['$user.key.lang', [variable('$user.key.lang')]],
    ['$user.syskey.contactNumber', [variable('$user.syskey.contactNumber')]],
    ['${flow.key.x}', [variable('$flow.key.x')]],
    ['${flow.syskey.from}', [variable('$flow.syskey.from')]],
    ['${user.key.tier}', [variable('$user.key.tier')]],
    ['${user.syskey.accountID}', [variable('$user.syskey.accountID')]],
    // longest dotted name; a dot no segment follows is literal text
    ['Hi $flow.key.a.b.', [text('Hi '), variable('$flow.key.a.b'), text('.')]],
    ['$flow.key.id.json', [variable('$flow.key.id.json')]],
    ['$flow.key.lookup.response_status', [variable('$flow.key.lookup.response_status')]],
    ['$flow.key.a..b', [variable('$flow.key.a'), text('..b')]],
    ['$flow.key.a.9', [variable('$flow.key.a'), text('.9')]],
    ['$flow.key._x1', [variable('$flow.key._x1')]],
    ['$flow.key.x-y', [variable('$flow.key.x'), text('-y')]],
    ['$flow.key.x/y', [variable('$flow.key.x'), text('/y')]],
    ['($flow.key.x)', [text('('), variable('$flow.key.x'), text(')')]],
    // braces end the token
    ['${flow.key.id}abc', [variable('$flow.key.id'), text('abc')]],
    ['${flow.key.id}.json', [variable('$flow.key.id'), text('.json')]],
    ['${flow.key.a.b}', [variable('$flow.key.a.b')]],
    ['${flow.key.x}}', [variable('$flow.key.x'), text('}')]],
    // adjacent tokens
    ['$flow.key.a$flow.key.b', [variable('$flow.key.a'), variable('$flow.key.b')]],
    ['${flow.key.a}${user.key.b}', [variable('$flow.key.a'), variable('$user.key.b')]],
    // $$ is a literal $
    ['$$', [text('$')]],
    ['$$$$', [text('$$')]],
    ['$$flow.key.x', [text('$flow.key.x')]],
    ['$${flow.key.x}', [text('${flow.key.x}')]],
    ['$$$flow.key.x', [text('$'), variable('$flow.key.x')]],
    ['cost $$5', [text('cost $5')]],
    // a lone $ is literal text
    ['$5.00', [text('$5.00')]],
    ['US$', [text('US$')]],
    ['a$ b', [text('a$ b')]],
    ['$flowers', [text('$flowers')]],
    ['$Flow.key.x', [text('$Flow.key.x')]],
    // malformed tokens render as the text they are
    ['a ${flow.key.a-b} b', [text('a ${flow.key.a-b} b')]],
    ['x $flow.kye.y z', [text('x $flow.kye.y z')]],
    ['${flow.key.x', [text('${flow.key.x')]],
    ['${flow.key.x $flow.key.y}', [text('${flow.key.x '), variable('$flow.key.y'), text('}')]],
    ['$flow.key.9x$flow.key.ok', [text('$flow.key.9x'), variable('$flow.key.ok')]],
  ];

  it.each(cases)('%j', (template, expected) => {
    expect(parseTemplate(template)).toEqual(expected);
  });
});

describe('templateVariables', () => {
  const cases: Array<[string, string[]]> = [
    ['no tokens', []],
    [
      'Hi $flow.key.a and ${flow.key.a}, $user.key.b $flow.key.a.c',
      ['$flow.key.a', '$user.key.b', '$flow.key.a.c'],
    ],
    ['$$flow.key.x ${bad} $flow.kye.x $5', []],
    [
      '$user.syskey.contactNumber$flow.syskey.from',
      ['$user.syskey.contactNumber', '$flow.syskey.from'],
    ],
  ];

  it.each(cases)('%j', (template, expected) => {
    expect(templateVariables(template)).toEqual(expected);
  });
});
