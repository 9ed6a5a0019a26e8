import { describe, expect, it } from 'vitest';
import type { Auth } from './auth-schema.js';
import { redactText, redactUrl, secretsOf } from './redact.js';
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
