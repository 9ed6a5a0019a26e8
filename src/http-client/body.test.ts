import { describe, expect, it } from 'vitest';
import { BODY_TYPES, contentTypeFor } from './body.js';

describe('contentTypeFor (docs/webhook-widget.md bodyType)', () => {
  it.each([
    ['none', undefined],
    ['json', 'application/json'],
    ['xml', 'application/xml'],
    ['form', 'application/x-www-form-urlencoded'],
    ['text', 'text/plain; charset=utf-8'],
  ] as const)('%s -> %s', (bodyType, expected) => {
    expect(contentTypeFor(bodyType)).toBe(expected);
  });

  it('covers every body type', () => {
    expect(BODY_TYPES).toEqual(['none', 'json', 'xml', 'form', 'text']);
  });
});
