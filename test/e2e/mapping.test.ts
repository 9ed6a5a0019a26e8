import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence, stepOf, webhook } from './support/flows.js';
import { runFlow, type RunOutput, type Value } from './support/run-cli.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const ORDER = {
  customer: { name: 'Ada', vip: true },
  items: [
    { id: 'i1', qty: 2 },
    { id: 'i2', qty: 1 },
  ],
  count: 3,
  nothing: null,
};
const ORDER_XML =
  '<?xml version="1.0"?><order id="7"><status>shipped</status>' +
  '<items><item>a</item><item>b</item></items></order>';
const ACCOUNT_XML = '<account id="A1"><balance currency="EUR">12.50</balance></account>';

let server: TestServer;
let output: RunOutput;

const map = (saveIn: string, path: string, extra: Record<string, unknown> = {}) => ({
  saveIn: `$flow.key.${saveIn}`,
  path,
  ...extra,
});

beforeAll(async () => {
  server = await startTestServer();
  server.route('/order', { json: ORDER });
  server.route('/letters', { json: ['x', 'y', 'z'] });
  server.route('/order.xml', { body: ORDER_XML, headers: { 'content-type': 'application/xml' } });
  server.route('/account.xml', {
    body: ACCOUNT_XML,
    headers: { 'content-type': 'application/xml' },
  });
  const flow = sequence({
    json_map: webhook(
      { url: server.url('/order') },
      {
        response: {
          type: 'json',
          mappings: [
            map('name', 'data.customer.name', { mandatory: true }),
            map('vip', 'data.customer.vip'),
            map('first_item', 'data.items[0].id'),
            map('count', 'data.count'),
            map('all_ids', '$..id'),
            map('one_name', '$.customer.name'),
            map('customer', 'data.customer'),
            map('items', 'data.items'),
            map('defaulted', 'data.customer.phone', { default: 'no phone' }),
            map('mandatory_defaulted', 'data.customer.email', { mandatory: true, default: 'none' }),
            map('found_null', 'data.nothing', { default: 'unused' }),
            map('optional_missing', 'data.customer.age'),
          ],
        },
      },
    ),
    array_root: webhook(
      { url: server.url('/letters') },
      { response: { type: 'json', mappings: [map('third', 'data[2]', { mandatory: true })] } },
    ),
    xml_map: webhook(
      { url: server.url('/order.xml') },
      {
        response: {
          type: 'xml',
          mappings: [
            map('xml_status', 'data.order.status', { mandatory: true }),
            map('xml_second', 'data.order.items.item[1]'),
            map('xpath_status', '/order/status', { mandatory: true }),
            map('xpath_id', '/order/@id'),
            map('xpath_count', 'count(//item)'),
            map('xpath_items', '//item'),
          ],
        },
      },
    ),
    // An element with attributes: its path gives its text, @name an attribute (docs/webhook-widget.md).
    xml_attributes: webhook(
      { url: server.url('/account.xml') },
      {
        response: {
          type: 'xml',
          mappings: [
            map('balance', 'data.account.balance', { mandatory: true }),
            map('currency', 'data.account.balance.@currency', { mandatory: true }),
            map('balance_text', 'data.account.balance.#text', { mandatory: true }),
            map('account', 'data.account'),
          ],
        },
      },
    ),
  });
  const result = await runFlow(flow, ['--allow', server.hostPort]);
  expect(result.code).toBe(0);
  output = result.json;
});
afterAll(() => server.close());

describe('response mappings', () => {
  it('every mapping widget succeeds (line 0)', () => {
    const ids = ['json_map', 'array_root', 'xml_map', 'xml_attributes'];
    expect(ids.map((id) => stepOf(output, id).line)).toEqual([0, 0, 0, 0]);
  });

  it.each<[string, Value]>([
    ['name', 'Ada'],
    ['vip', true],
    ['first_item', 'i1'],
    ['count', 3],
    ['all_ids', '["i1","i2"]'],
    ['one_name', 'Ada'],
    ['customer', '{"name":"Ada","vip":true}'],
    ['items', '[{"id":"i1","qty":2},{"id":"i2","qty":1}]'],
    ['defaulted', 'no phone'],
    ['mandatory_defaulted', 'none'],
    ['found_null', null],
    ['optional_missing', ''],
    ['third', 'z'],
    ['xml_status', 'shipped'],
    ['xml_second', 'b'],
    ['xpath_status', 'shipped'],
    ['xpath_id', '7'],
    ['xpath_count', 2],
    ['xpath_items', '["a","b"]'],
    ['balance', '12.50'],
    ['currency', 'EUR'],
    ['balance_text', '12.50'],
    ['account', '{"@id":"A1","balance":{"@currency":"EUR","#text":"12.50"}}'],
  ])('$flow.key.%s = %j', (name, expected) => {
    expect(output.variables).toHaveProperty([`$flow.key.${name}`], expected);
  });

  it('stores objects and arrays as JSON text that parses back', () => {
    expect(JSON.parse(String(output.variables['$flow.key.customer']))).toEqual(ORDER.customer);
    expect(JSON.parse(String(output.variables['$flow.key.all_ids']))).toEqual(['i1', 'i2']);
  });
});
