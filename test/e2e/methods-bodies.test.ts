import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence, stepOf, webhook, type SequencedWidget } from './support/flows.js';
import { runFlow, type RunOutput } from './support/run-cli.js';
import { startTestServer, type ReceivedRequest, type TestServer } from './support/test-server.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

/** Quotes, backslash, newline, tab, accents, emoji, markup and ampersands. */
const HOSTILE = 'He said "hi" \\ back\nslash\ttab é 😀 </x> & <y a=\'1\'/> ]]> end';
/** Every character that has a meaning in a URL. */
const URL_VALUE = 'a/b?c&d=e#f g é';

let server: TestServer;
let output: RunOutput;

const post = (path: string, bodyType: string, body: string, extra: Record<string, unknown> = {}) =>
  webhook({ method: 'POST', url: server.url(path), bodyType, body, ...extra });

beforeAll(async () => {
  server = await startTestServer();
  for (const method of METHODS) server.route(`/m/${method}`, { json: {} });
  for (const type of ['json', 'xml', 'form', 'text', 'none', 'override']) {
    server.route(`/b/${type}`, { json: {} });
  }
  const widgets: Record<string, SequencedWidget> = {};
  for (const method of METHODS) {
    widgets[`m_${method}`] = webhook({ method, url: server.url(`/m/${method}`) });
  }
  Object.assign(widgets, {
    b_json: post(
      '/b/json',
      'json',
      '{"name": "$flow.key.name", "n": $flow.key.n, "obj": $flow.key.obj, "flag": $flow.key.flag, "quoted_n": "$flow.key.n", "missing": $flow.key.unset}',
    ),
    b_xml: post(
      '/b/xml',
      'xml',
      '<person><name>$flow.key.name</name><note text="$flow.key.name"/></person>',
    ),
    b_form: post('/b/form', 'form', 'name=$flow.key.name&lang=en'),
    b_text: post('/b/text', 'text', 'Hello $flow.key.name!'),
    b_none: post('/b/none', 'none', ''),
    b_override: post('/b/override', 'json', '{"x": 1}', {
      headers: [{ key: 'Content-Type', value: 'application/vnd.api+json' }],
    }),
    u_path_query: webhook({
      url: `${server.url('/u/items/')}$flow.key.seg/detail?q=$flow.key.seg&fixed=1`,
    }),
    u_query_params: webhook({
      url: `${server.url('/u/search')}?q=$flow.key.seg`,
      query: [
        { key: 'extra', value: '$flow.key.seg' },
        { key: 'lang', value: 'en' },
      ],
    }),
  });
  const vars = [
    'name',
    HOSTILE,
    'n',
    '42',
    'obj',
    '{"a": [1, "x"]}',
    'flag',
    'true',
    'seg',
    URL_VALUE,
  ];
  const args = vars.flatMap((_, index) =>
    index % 2 === 0 ? ['--var', `${vars[index] ?? ''}=${vars[index + 1] ?? ''}`] : [],
  );
  const result = await runFlow(sequence(widgets), ['--allow', server.hostPort, ...args]);
  expect(result.code).toBe(0);
  output = result.json;
});
afterAll(() => server.close());

function only(path: string): ReceivedRequest {
  const found = server.requests(path);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('methods', () => {
  it.each(METHODS)('%s arrives with its method', (method) => {
    expect(only(`/m/${method}`).method).toBe(method);
    expect(stepOf(output, `m_${method}`).line).toBe(0);
  });
});

describe('body types', () => {
  it('json: strings JSON-escaped, whole unquoted tokens inserted as JSON', () => {
    const request = only('/b/json');
    const escaped = JSON.stringify(HOSTILE).slice(1, -1);
    expect(request.body.toString('utf8')).toBe(
      `{"name": "${escaped}", "n": 42, "obj": {"a":[1,"x"]}, "flag": true, "quoted_n": "42", "missing": null}`,
    );
    expect(JSON.parse(request.body.toString('utf8'))).toEqual({
      name: HOSTILE,
      n: 42,
      obj: { a: [1, 'x'] },
      flag: true,
      quoted_n: '42',
      missing: null,
    });
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('xml: values XML-escaped, in content and in attributes', () => {
    const request = only('/b/xml');
    const text = request.body.toString('utf8');
    const content = HOSTILE.replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;');
    const attribute = content.replaceAll('\n', '&#10;').replaceAll('\t', '&#9;');
    expect(text).toBe(`<person><name>${content}</name><note text="${attribute}"/></person>`);
    const document = new DOMParser().parseFromString(text, 'application/xml');
    expect(document.getElementsByTagName('name')[0]?.textContent).toBe(HOSTILE);
    expect(document.getElementsByTagName('note')[0]?.getAttribute('text')).toBe(HOSTILE);
    expect(request.headers['content-type']).toBe('application/xml');
  });

  it('form: values form-encoded, the template literal kept', () => {
    const request = only('/b/form');
    const text = request.body.toString('utf8');
    expect(text).toBe(`${new URLSearchParams({ name: HOSTILE }).toString()}&lang=en`);
    expect(Object.fromEntries(new URLSearchParams(text))).toEqual({ name: HOSTILE, lang: 'en' });
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('text: plain substitution, UTF-8', () => {
    const request = only('/b/text');
    expect(request.body.equals(Buffer.from(`Hello ${HOSTILE}!`, 'utf8'))).toBe(true);
    expect(request.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('none: no body and no Content-Type', () => {
    const request = only('/b/none');
    expect(request.method).toBe('POST');
    expect(request.body).toHaveLength(0);
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('a Content-Type header overrides the body type', () => {
    const request = only('/b/override');
    const contentTypes = request.rawHeaders.filter(
      (_, index) => index % 2 === 0 && request.rawHeaders[index]?.toLowerCase() === 'content-type',
    );
    expect(contentTypes).toHaveLength(1);
    expect(request.headers['content-type']).toBe('application/vnd.api+json');
    expect(request.body.toString('utf8')).toBe('{"x": 1}');
  });
});

describe('URL templates', () => {
  const encoded = encodeURIComponent(URL_VALUE);

  it('percent-encodes a path segment and a query value', () => {
    const request = server.received.find((candidate) => candidate.path.startsWith('/u/items/'));
    expect(request?.url).toBe(`/u/items/${encoded}/detail?q=${encoded}&fixed=1`);
    expect(decodeURIComponent(request!.path.split('/')[3]!)).toBe(URL_VALUE);
  });

  it('percent-encodes query parameters and leaves the templated query as it was', () => {
    expect(only('/u/search').url).toBe(`/u/search?q=${encoded}&extra=${encoded}&lang=en`);
  });
});
