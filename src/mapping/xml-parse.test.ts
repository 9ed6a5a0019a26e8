import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseXml, readXml } from './index.js';

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>`;

describe('parseXml', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test.each<[string, string]>([
    ['<a>ok</a>', 'ok'],
    ['<?xml version="1.0" encoding="UTF-8"?><a>ok</a>', 'ok'],
    ['\uFEFF<a>ok</a>', 'ok'],
    ['\n  <?xml version="1.0"?>\n<a>ok</a>\n', 'ok'],
    ['<!-- before --><a>ok</a><!-- after -->', 'ok'],
    ['<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;</a>', '&<>"\'AB'],
    ['<p:a xmlns:p="urn:p">ok</p:a>', 'ok'],
  ])('%j parses', (text, status) => {
    const parsed = parseXml(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(readXml(parsed.document, 'string(/*)')).toEqual({ found: true, value: status });
  });

  test.each<[string, string]>([
    [billionLaughs, 'DOCTYPE is not accepted'],
    ['<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', 'DOCTYPE is not accepted'],
    [
      '<!DOCTYPE a [<!ENTITY x SYSTEM "http://169.254.169.254/">]><a>&x;</a>',
      'DOCTYPE is not accepted',
    ],
    ['<!doctype a><a/>', 'DOCTYPE is not accepted'],
    ['<a><!-- <!DOCTYPE --></a>', 'DOCTYPE is not accepted'],
    ['<a>&secret;</a>', 'response body is not well-formed XML (line 1, column 1)'],
    ['<a><secret></a>', 'response body is not well-formed XML (line 1, column 4)'],
    ['<a>', 'response body is not well-formed XML (line 1, column 1)'],
    ['<a></a><b/>', 'response body is not well-formed XML (line 1, column 8)'],
    ['<a x=secret/>', 'response body is not well-formed XML (line 1, column 1)'],
    ['<a x="1" x="2"/>', 'response body is not well-formed XML (line 1, column 1)'],
    ['<a></a>trailing secret', 'response body is not well-formed XML (line 1, column 1)'],
    ['<a>1 < 2</a>', 'response body is not well-formed XML (line 1, column 6)'],
    ['<p:a/>', 'response body is not well-formed XML (line 1, column 1)'],
    ['secret text', 'response body is not well-formed XML'],
    ['{"json": true}', 'response body is not well-formed XML'],
    ['', 'response body is not well-formed XML'],
    ['<a>'.repeat(257) + '</a>'.repeat(257), 'response body nests deeper than 256 levels'],
  ])('%j is refused', (text, message) => {
    const consoleError = vi.spyOn(console, 'error');
    const consoleWarn = vi.spyOn(console, 'warn');
    expect(parseXml(text)).toEqual({ ok: false, message });
    // Captured through onError: nothing reaches the console.
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  test('256 levels of elements are accepted', () => {
    const parsed = parseXml('<a>'.repeat(256) + 'deep' + '</a>'.repeat(256));
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(readXml(parsed.document, 'string(//a[not(a)])')).toEqual({
        found: true,
        value: 'deep',
      });
  });
});
