import { describe, expect, test } from 'vitest';
import { applyMappings, type Mapping, type MappingOutcome } from './index.js';

// docs/webhook-widget.md: success needs "a body that parses as the response type (an empty
// body is fine when nothing is mapped)"; failures never quote the body.
const orderXml = '<order><status>shipped</status></order>';
const customer = '{"customer":{"name":"Ada"}}';

interface Case {
  name: string;
  type: 'json' | 'xml';
  body: string;
  mappings: Mapping[];
  outcome: MappingOutcome;
}

const map = (path: string, extra: Partial<Mapping> = {}): Mapping => ({
  saveIn: '$flow.key.x',
  path,
  ...extra,
});

const cases: Case[] = [
  ...(['json', 'xml'] as const).flatMap((type): Case[] => [
    {
      name: `${type}: an empty body is fine when nothing is mapped`,
      type,
      body: '',
      mappings: [],
      outcome: { ok: true, values: [] },
    },
    {
      name: `${type}: a whitespace body is fine when nothing is mapped`,
      type,
      body: ' \r\n\t',
      mappings: [],
      outcome: { ok: true, values: [] },
    },
    {
      name: `${type}: an empty body with mappings is invalid`,
      type,
      body: '',
      mappings: [map('data.x', { default: 'd' })],
      outcome: {
        ok: false,
        reason: 'INVALID_RESPONSE',
        message: 'response body is empty, so no mapping can be read',
        values: [],
      },
    },
  ]),
  {
    name: 'a body that does not parse fails even with no mappings',
    type: 'json',
    body: 'card 4111 1111 1111 1111',
    mappings: [],
    outcome: {
      ok: false,
      reason: 'INVALID_RESPONSE',
      message: 'response body is not valid JSON',
      values: [],
    },
  },
  {
    name: 'malformed JSON with mappings',
    type: 'json',
    body: '{"customer": {"name": "Ada"',
    mappings: [map('data.customer.name', { default: 'd' })],
    outcome: {
      ok: false,
      reason: 'INVALID_RESPONSE',
      message: 'response body is not valid JSON',
      values: [],
    },
  },
  {
    name: 'an XML body given to a json mapping',
    type: 'json',
    body: orderXml,
    mappings: [map('data.order.status')],
    outcome: {
      ok: false,
      reason: 'INVALID_RESPONSE',
      message: 'response body is not valid JSON',
      values: [],
    },
  },
  {
    name: 'malformed XML',
    type: 'xml',
    body: '<order><status>shipped</order>',
    mappings: [map('data.order.status')],
    outcome: {
      ok: false,
      reason: 'INVALID_RESPONSE',
      message: 'response body is not well-formed XML (line 1, column 16)',
      values: [],
    },
  },
  {
    name: 'a JSON body given to an xml mapping',
    type: 'xml',
    body: customer,
    mappings: [],
    outcome: {
      ok: false,
      reason: 'INVALID_RESPONSE',
      message: 'response body is not well-formed XML',
      values: [],
    },
  },
  {
    name: 'an XML body with a DOCTYPE',
    type: 'xml',
    body: '<!DOCTYPE order [<!ENTITY e "x">]><order>&e;</order>',
    mappings: [map('data.order')],
    outcome: {
      ok: false,
      reason: 'INVALID_RESPONSE',
      message: 'DOCTYPE is not accepted',
      values: [],
    },
  },
];

describe('applyMappings body rules', () => {
  test.each(cases)('$name', ({ type, body, mappings, outcome }) => {
    expect(applyMappings({ type, bodyText: body, mappings })).toStrictEqual(outcome);
  });
});
