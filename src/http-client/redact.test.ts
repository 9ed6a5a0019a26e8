import { describe, expect, it } from 'vitest';
import type { Auth } from './auth-schema.js';
import { redactHeaders, redactText, redactUrl, requestSecrets, secretsOf } from './redact.js';
import { isSecretName } from './secret-names.js';

describe('secretsOf', () => {
  it.each<[Auth, string[]]>([
    [{ type: 'none' }, []],
    [{ type: 'basic', username: 'u', password: 'p' }, ['p', 'dTpw']],
    [{ type: 'basic', username: 'u', password: '' }, []],
    [{ type: 'bearer', token: 'tok' }, ['tok']],
    [{ type: 'apiKey', in: 'query', name: 'key', value: 'k3y' }, ['k3y']],
    [{ type: 'hmac', secret: 'whsec_abc=' }, ['whsec_abc=']],
  ])('%j -> %j', (auth, expected) => {
    expect(secretsOf(auth)).toEqual(expected);
  });
});

describe('redactUrl', () => {
  it.each<[string, string[], string]>([
    [
      'https://api.example.com/v1?key=k3y&lang=en',
      ['k3y'],
      'https://api.example.com/v1?key=***&lang=en',
    ],
    [
      'https://api.example.com/v1?key=a%2Fb%20c&x=1',
      ['a/b c'],
      'https://api.example.com/v1?key=***&x=1',
    ],
    ['https://api.example.com/v1?key=a+b', ['a b'], 'https://api.example.com/v1?key=***'],
    [
      'https://api.example.com/v1?auth=Bearer%20t0k3n&n=2',
      ['t0k3n'],
      'https://api.example.com/v1?auth=***&n=2',
    ],
    ['https://ada:s3cret@api.example.com/', [], 'https://ada:***@api.example.com/'],
    ['https://api.example.com/users/k3y/items', ['k3y'], 'https://api.example.com/users/***/items'],
    ['https://api.example.com/v1?lang=en', ['k3y'], 'https://api.example.com/v1?lang=en'],
    ['not a url k3y', ['k3y'], 'not a url ***'],
    [
      'https://api.example.com/v1?token=s3cr3t&lang=en&X-Api-Key=a',
      [],
      'https://api.example.com/v1?token=***&lang=en&X-Api-Key=***',
    ],
    ['https://api.example.com/v1?author=ada', [], 'https://api.example.com/v1?author=ada'],
  ])('%s', (url, secrets, expected) => {
    expect(redactUrl(url, secrets)).toBe(expected);
  });
});

describe('redactText', () => {
  it('masks every occurrence in every encoding, longest secret first', () => {
    expect(redactText('a s3cret b s3cret c', ['s3cret'])).toBe('a *** b *** c');
    expect(redactText('x=a%2Fb y=a b', ['a/b', 'a b'])).toBe('x=*** y=***');
    expect(redactText('abcdef', ['abc', 'abcdef'])).toBe('***');
    expect(redactText('nothing here', [''])).toBe('nothing here');
  });
});

describe('isSecretName', () => {
  it.each([
    'password',
    'X-Api-Key',
    'api_key',
    'apikey',
    'key',
    'access_token',
    'Authorization',
    'Proxy-Authorization',
    'X-Auth-Token',
    'auth',
    'Set-Cookie',
    'Cookie',
    'client_secret',
    'X-Hub-Signature',
    'sig',
    'pwd',
    'session_id',
    'sessionId',
    'private_key',
    'Ocp-Apim-Subscription-Key',
    'x-jwt',
    'credentials',
  ])('%s is secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['lang', 'author', 'authority', 'Content-Type', 'X-Trace', 'passenger', 'design', 'id'])(
    '%s is not',
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe('redactHeaders', () => {
  it('masks secret-named headers whole and secrets inside the others', () => {
    expect(
      redactHeaders(
        [
          ['X-Api-Key', 'k'],
          ['Set-Cookie', 'sid=1'],
          ['X-Note', 'has s3cret inside'],
          ['Content-Type', 'text/plain'],
        ],
        ['s3cret'],
      ),
    ).toEqual([
      ['X-Api-Key', '***'],
      ['Set-Cookie', '***'],
      ['X-Note', 'has *** inside'],
      ['Content-Type', 'text/plain'],
    ]);
    expect(redactHeaders({ 'set-cookie': 'a=b', server: 'x' }, [])).toEqual({
      'set-cookie': '***',
      server: 'x',
    });
  });
});

describe('requestSecrets', () => {
  it('adds the values of secret-named headers and query parameters to the auth secrets', () => {
    const request = {
      url: 'https://api.example.com/v1?lang=en&token=s3cr3t%2Fq&key=ab',
      headers: [
        ['X-Api-Key', 'hdr-k3y'],
        ['X-Trace', 'trace-1'],
      ] as const,
    };
    expect(requestSecrets(request, { type: 'bearer', token: 'tok' })).toEqual([
      'tok',
      'hdr-k3y',
      's3cr3t/q',
    ]);
  });

  it('adds the secret-named fields of a form body', () => {
    const request = {
      url: 'https://api.example.com/',
      headers: [['content-type', 'application/x-www-form-urlencoded']] as const,
      body: 'user=ada&password=p%40ssw0rd',
    };
    expect(requestSecrets(request)).toEqual(['p@ssw0rd']);
  });
});
