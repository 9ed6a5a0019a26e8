import { describe, expect, it } from 'vitest';
import { lookupFrom } from './hostile-values.fixture.js';
import type { TemplateValue } from './types.js';
import { renderUrl } from './url.js';

// docs/flows.md: the template's literal characters, never a value, decide each token's context.
describe('renderUrl contexts', () => {
  const contexts: Array<[string, Record<string, TemplateValue>, string]> = [
    // scheme and authority: raw, so a token may hold a base URL or a host
    [
      '$flow.key.base_url/customers/$flow.key.id',
      { '$flow.key.base_url': 'https://api.example.com/v2', '$flow.key.id': 'a/b c' },
      'https://api.example.com/v2/customers/a%2Fb%20c',
    ],
    [
      'https://$flow.key.host/x',
      { '$flow.key.host': 'api.example.com:8443' },
      'https://api.example.com:8443/x',
    ],
    [
      '$flow.key.url',
      { '$flow.key.url': 'https://x.example/a%20b?c=d&e=f#g' },
      'https://x.example/a%20b?c=d&e=f#g',
    ],
    [
      '$flow.key.scheme://$flow.key.host/p/$flow.key.id',
      { '$flow.key.scheme': 'https', '$flow.key.host': 'h.example', '$flow.key.id': 'a b' },
      'https://h.example/p/a%20b',
    ],
    [
      '$flow.key.base_url?id=$flow.key.id',
      { '$flow.key.base_url': 'https://x.example/api', '$flow.key.id': 'a&b' },
      'https://x.example/api?id=a%26b',
    ],
    // query or fragment straight after the authority
    [
      'https://x.example?q=$flow.key.q',
      { '$flow.key.q': 'a&b=c' },
      'https://x.example?q=a%26b%3Dc',
    ],
    ['https://x.example#$flow.key.f', { '$flow.key.f': 'a b/c' }, 'https://x.example#a%20b/c'],
    // a value never changes the context; only literal text does
    [
      'https://x.example/$flow.key.a/$flow.key.b?x=$flow.key.a',
      { '$flow.key.a': 'x?y', '$flow.key.b': 'z#w' },
      'https://x.example/x%3Fy/z%23w?x=x%3Fy',
    ],
    // a literal `/` in the query stays in the query
    [
      'https://x.example/s?next=/a/$flow.key.v',
      { '$flow.key.v': 'a/b' },
      'https://x.example/s?next=/a/a%2Fb',
    ],
    [
      'https://x.example/a?x=1#frag/$flow.key.v',
      { '$flow.key.v': 'b c' },
      'https://x.example/a?x=1#frag/b%20c',
    ],
    // a relative path starts in the path
    ['/customers/$flow.key.v', { '$flow.key.v': 'a/b' }, '/customers/a%2Fb'],
    // literal template text is kept as written
    [
      'https://x.example/$$flow.key.v/a%20b',
      { '$flow.key.v': 'x' },
      'https://x.example/$flow.key.v/a%20b',
    ],
    [
      'https://x.example/${flow.key.id}.json',
      { '$flow.key.id': '7/8' },
      'https://x.example/7%2F8.json',
    ],
  ];

  it.each(contexts)('%j', (template, variables, expected) => {
    expect(renderUrl(template, lookupFrom(variables))).toBe(expected);
  });
});
