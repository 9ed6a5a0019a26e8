import { randomBytes } from 'node:crypto';
import { defineInternalFunction, needsServer } from './define.js';

function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** docs/internal-functions.md `shortURL`: a short link served by the server at `/s/<code>` (302). */
export const shortUrlFunction = defineInternalFunction({
  name: 'shortURL',
  description:
    'Makes a short link to longUrl, served by the server at /s/<code> (302), counting clicks.',
  inputs: [{ name: 'longUrl', description: 'the http(s) URL to shorten', required: true }],
  outputs: [{ name: 'shortUrl', description: 'the public base URL + /s/<code>' }],
  needsServer: true,
  run: async ({ inputs, server, publicUrl }) => {
    const longUrl = inputs['longUrl'] ?? '';
    if (!httpUrl(longUrl)) {
      return {
        ok: false,
        reason: 'INVALID_REQUEST',
        message: 'longUrl must be an absolute http(s) URL',
      };
    }
    if (server) return { ok: true, outputs: { shortUrl: await server.createShortLink(longUrl) } };
    // `hookline run --public-url`: the link a server at that URL would serve (nothing is stored).
    if (publicUrl === undefined) return needsServer('shortURL');
    return {
      ok: true,
      outputs: { shortUrl: `${publicUrl}/s/${randomBytes(9).toString('base64url')}` },
    };
  },
});
