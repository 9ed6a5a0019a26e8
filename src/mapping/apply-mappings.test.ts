import { describe, expect, test } from 'vitest';
import { applyMappings, type Mapping, type MappingOutcome } from './index.js';

const customer = JSON.stringify({
  data: 'x',
  customer: { name: 'Ada', age: 36, vip: false, nickname: null, tags: ['a', 'b'] },
  items: [{ id: 1 }, { id: 2 }],
});
const orderXml =
  '<order id="42"><status>shipped</status><lines><line>A</line><line>B</line></lines></order>';

interface Case {
  name: string;
  type: 'json' | 'xml';
  body: string;
  mappings: Mapping[];
  outcome: MappingOutcome;
}

const map = (path: string, extra: Partial<Mapping> = {}): Mapping => ({
  saveIn: `$flow.key.${path.replace(/\W+/g, '_')}`,
  path,
  ...extra,
});
const set = (path: string, value: string | number | boolean | null) => ({
  saveIn: `$flow.key.${path.replace(/\W+/g, '_')}`,
  value,
});

const cases: Case[] = [
  {
    name: 'json scalars stay scalars, objects and arrays become JSON text',
    type: 'json',
    body: customer,
    mappings: [
      map('data.customer.name', { mandatory: true }),
      map('data.customer.age'),
      map('data.customer.vip'),
      map('data.customer.nickname'),
      map('data.customer.tags'),
      map('data.items[1]'),
      map('data.data'),
    ],
    outcome: {
      ok: true,
      values: [
        set('data.customer.name', 'Ada'),
        set('data.customer.age', 36),
        set('data.customer.vip', false),
        set('data.customer.nickname', null),
        set('data.customer.tags', '["a","b"]'),
        set('data.items[1]', '{"id":2}'),
        set('data.data', 'x'),
      ],
    },
  },
  {
    name: 'JSONPath: one match is its value, several a JSON array, none is missing',
    type: 'json',
    body: customer,
    mappings: [map('$.customer.name'), map('$.items[*].id'), map('$.items[?@.id > 5].id')],
    outcome: {
      ok: true,
      values: [
        set('$.customer.name', 'Ada'),
        set('$.items[*].id', '[1,2]'),
        set('$.items[?@.id > 5].id', ''),
      ],
    },
  },
  {
    name: 'data is the whole body',
    type: 'json',
    body: '[1, 2]',
    mappings: [map('data'), map('data[-1]')],
    outcome: { ok: true, values: [set('data', '[1,2]'), set('data[-1]', 2)] },
  },
  {
    name: 'a missing non-mandatory mapping sets ""; default fills in; a found null is kept',
    type: 'json',
    body: customer,
    mappings: [
      map('data.customer.email'),
      map('data.customer.phone', { default: 'unknown' }),
      map('data.customer.title', { default: 'n/a', mandatory: true }),
      map('data.customer.nickname', { default: 'unused' }),
    ],
    outcome: {
      ok: true,
      values: [
        set('data.customer.email', ''),
        set('data.customer.phone', 'unknown'),
        set('data.customer.title', 'n/a'),
        set('data.customer.nickname', null),
      ],
    },
  },
  {
    name: 'a missing mandatory mapping fails, naming the path; the rest is still mapped',
    type: 'json',
    body: customer,
    mappings: [
      map('data.customer.name'),
      map('data.customer.email', { mandatory: true }),
      map('data.customer.fax'),
      map('$.missing', { mandatory: true }),
    ],
    outcome: {
      ok: false,
      reason: 'MAPPING_MISSING',
      message:
        'mandatory mapping "data.customer.email" found nothing; mandatory mapping "$.missing" found nothing',
      values: [set('data.customer.name', 'Ada'), set('data.customer.fax', '')],
    },
  },
  {
    name: 'a mandatory mapping with a path that cannot be read finds nothing',
    type: 'json',
    body: customer,
    mappings: [map('data..name', { mandatory: true }), map('data[')],
    outcome: {
      ok: false,
      reason: 'MAPPING_MISSING',
      message:
        'mandatory mapping "data..name" found nothing (invalid path "data..name": expected a name after "." at character 6 (quote odd keys: ["a b"]))',
      values: [set('data[', '')],
    },
  },
  {
    name: 'xml dotted and XPath',
    type: 'xml',
    body: orderXml,
    mappings: [
      map('data.order.status', { mandatory: true }),
      map('data.order.@id'),
      map('data.order.lines.line[1]'),
      map('data.order.lines'),
      map('data'),
      map('count(//line)'),
      map('//line'),
      map('/order/lines/line[2]'),
      map('boolean(/order/missing)'),
      map('/order/missing', { default: '-' }),
    ],
    outcome: {
      ok: true,
      values: [
        set('data.order.status', 'shipped'),
        set('data.order.@id', '42'),
        set('data.order.lines.line[1]', 'B'),
        set('data.order.lines', '{"line":["A","B"]}'),
        set('data', '{"order":{"@id":"42","status":"shipped","lines":{"line":["A","B"]}}}'),
        set('count(//line)', 2),
        set('//line', '["A","B"]'),
        set('/order/lines/line[2]', 'B'),
        set('boolean(/order/missing)', false),
        set('/order/missing', '-'),
      ],
    },
  },
  {
    name: 'xml mandatory XPath that finds nothing',
    type: 'xml',
    body: orderXml,
    mappings: [map('/order/total', { mandatory: true })],
    outcome: {
      ok: false,
      reason: 'MAPPING_MISSING',
      message: 'mandatory mapping "/order/total" found nothing',
      values: [],
    },
  },
];

describe('applyMappings', () => {
  test.each(cases)('$name', ({ type, body, mappings, outcome }) => {
    expect(applyMappings({ type, bodyText: body, mappings })).toStrictEqual(outcome);
  });
});
