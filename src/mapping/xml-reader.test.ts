import { describe, expect, test } from 'vitest';
import { MappingPathError, parseXml, readXml, type ReadResult, type XmlBody } from './index.js';

function parsed(text: string): XmlBody {
  const result = parseXml(text);
  if (!result.ok) throw new Error(result.message);
  return result.document;
}

const found = (value: unknown): ReadResult => ({ found: true, value });
const nothing: ReadResult = { found: false };

const order = parsed(`<?xml version="1.0" encoding="UTF-8"?>
<order id="42" xmlns:x="urn:extra">
  <status>shipped</status>
  <padded>  two spaces  </padded>
  <empty/>
  <customer><name>Ada</name><x:vip>yes</x:vip></customer>
  <note lang="en">Hello</note>
  <mixed>Hi <b>there</b>!</mixed>
  <cdata><![CDATA[a < b]]></cdata>
  <items>
    <item sku="A1"><id>1</id></item>
    <item sku="B2"><id>2</id></item>
    <item sku="C3"><id>3</id></item>
  </items>
  <single><item>only</item></single>
  <__proto__>own</__proto__>
</order>`);

describe('readXml with dotted paths', () => {
  test.each<[string, ReadResult]>([
    ['data.order.status', found('shipped')],
    ['data.order.padded', found('  two spaces  ')],
    ['data.order.empty', found('')],
    ['data.order.@id', found('42')],
    ['data.order.customer.name', found('Ada')],
    ['data.order.customer.x:vip', found('yes')],
    ['data.order.customer', found({ name: 'Ada', 'x:vip': 'yes' })],
    // An element with attributes and no child elements gives its text; @name its attributes.
    ['data.order.note', found('Hello')],
    ['data.order.note.@lang', found('en')],
    ['data.order.note.#text', found('Hello')],
    ['data.order.status.#text', found('shipped')],
    ['data.order.mixed.#text', found('Hi !')],
    ['data.order.empty.#text', found('')],
    ['data.order.items.item[0].#text', found('')],
    ['data.order.single.#text', found('')],
    ['data.order.mixed', found({ b: 'there', '#text': 'Hi !' })],
    ['data.order.cdata', found('a < b')],
    ['data.order.items.item[1].id', found('2')],
    ['data.order.items.item[-1].@sku', found('C3')],
    ['data.order.items.item[0]', found({ '@sku': 'A1', id: '1' })],
    [
      'data.order.items.item',
      found([
        { '@sku': 'A1', id: '1' },
        { '@sku': 'B2', id: '2' },
        { '@sku': 'C3', id: '3' },
      ]),
    ],
    [
      'data.order.items',
      found({
        item: [
          { '@sku': 'A1', id: '1' },
          { '@sku': 'B2', id: '2' },
          { '@sku': 'C3', id: '3' },
        ],
      }),
    ],
    ['data.order.single.item', found('only')],
    ['data.order.single.item[0]', found('only')],
    ['data.order.single.item[-1]', found('only')],
    ['data.order.__proto__', found('own')],
    ['data.order[0].status', found('shipped')],
    ['data.order.items.item.id', nothing],
    ['data.order.items.item[3]', nothing],
    ['data.order.single.item[1]', nothing],
    ['data.order.missing', nothing],
    ['data.status', nothing],
    ['data.order.@missing', nothing],
    ['data.order.status.@id', nothing],
    ['data.order.@id.x', nothing],
    ['data.@id', nothing],
    ['data.#text', nothing],
    ['data.order.items.item.#text', nothing],
    ['data.order.vip', nothing],
  ])('%s', (path, result) => {
    expect(readXml(order, path)).toEqual(result);
  });

  test('data is the whole document, namespace declarations left out', () => {
    const body = parsed('<r xmlns="urn:r" xmlns:p="urn:p" a="1"><p:s>x</p:s></r>');
    expect(readXml(body, 'data')).toEqual(found({ r: { '@a': '1', 'p:s': 'x' } }));
    expect(readXml(parsed('<status>ok</status>'), 'data')).toEqual(found({ status: 'ok' }));
    expect(readXml(parsed('<status xmlns="urn:s">ok</status>'), 'data.status')).toEqual(
      found('ok'),
    );
  });

  test.each(['data..x', 'data[01]'])('%s throws MappingPathError', (path) => {
    expect(() => readXml(order, path)).toThrow(MappingPathError);
  });
});

const soap = parsed(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <m:GetPriceResponse xmlns:m="urn:prices"><m:Price currency="EUR">1.90</m:Price></m:GetPriceResponse>
  </soap:Body>
</soap:Envelope>`);

const bodies = { order, soap };

describe('readXml with XPath', () => {
  test.each<['order' | 'soap', string, ReadResult]>([
    ['order', '/order/status', found('shipped')],
    ['order', '/order/@id', found('42')],
    ['order', '//item/@sku', found(['A1', 'B2', 'C3'])],
    ['order', '//item/id', found(['1', '2', '3'])],
    ['order', '/order/customer', found('Adayes')],
    ['order', '/order/padded/text()', found('  two spaces  ')],
    ['order', 'order/status', found('shipped')],
    ['order', 'string(/order/status)', found('shipped')],
    ['order', 'string(/order/missing)', found('')],
    ['order', 'count(//item)', found(4)],
    ['order', 'count(//missing)', found(0)],
    ['order', 'sum(//item/id)', found(6)],
    ['order', 'boolean(//item)', found(true)],
    ['order', '//item[2]/@sku = "B2"', found(true)],
    ['order', 'number(/order/status)', nothing],
    ['order', '/order/missing', nothing],
    ['order', '//item[9]', nothing],
    ['order', '/order/empty', found('')],
    ['order', '/order/x:missing', nothing],
    ['soap', '/soap:Envelope/soap:Body/m:GetPriceResponse/m:Price', found('1.90')],
    ['soap', 'number(//m:Price)', found(1.9)],
    ['soap', '//m:Price/@currency', found('EUR')],
    ['soap', '//*[local-name()="Price"]', found('1.90')],
  ])('%s: %s', (name, path, result) => {
    expect(readXml(bodies[name], path)).toEqual(result);
  });

  test('unprefixed names match no-namespace elements only (XPath 1.0)', () => {
    const body = parsed('<order xmlns="urn:o"><status>ok</status></order>');
    expect(readXml(body, '/order/status')).toEqual(nothing);
    expect(readXml(body, '/*[local-name()="order"]/*[local-name()="status"]')).toEqual(found('ok'));
    expect(readXml(body, 'data.order.status')).toEqual(found('ok'));
  });

  test.each<[string, RegExp]>([
    ['/order[', /^invalid XPath "\/order\[": XPath parse error$/],
    ['foo()', /^invalid XPath "foo\(\)": Unknown function foo$/],
    ['/q:order', /^invalid XPath "\/q:order": Cannot resolve QName q$/],
    ['', /^invalid XPath "": /],
  ])('%s throws MappingPathError', (path, message) => {
    expect(() => readXml(order, path)).toThrow(MappingPathError);
    expect(() => readXml(order, path)).toThrow(message);
  });
});
