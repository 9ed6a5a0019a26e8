import { describe, expect, it } from 'vitest';
import { renderBody } from './build-request.js';

const lookupOf =
  (values: Record<string, string | number | null>) =>
  (name: string): string | number | null | undefined =>
    values[name];

describe('renderBody (docs/webhook-widget.md: a JSON body must be well formed after substitution)', () => {
  it.each<[string, Record<string, string | number | null>]>([
    ['{"id": "$flow.key.id", "note": "$flow.key.note"}', { '$flow.key.note': 'say "hi"\\' }],
    ['{"v": $flow.key.v}', { '$flow.key.v': 'not json {' }],
    ['[$flow.key.v, "$flow.key.v"]', { '$flow.key.v': '\u2028' }],
  ])('sends %j whatever the values', (body, values) => {
    const rendered = renderBody({ bodyType: 'json', body }, lookupOf(values));
    expect(rendered.ok).toBe(true);
    if (rendered.ok) expect(() => JSON.parse(rendered.body ?? '')).not.toThrow();
  });

  it.each<[string, Record<string, string | number | null>]>([
    // A value completing a literal backslash escape: `\x` is not a JSON escape.
    ['["\\$flow.key.esc", "]', { '$flow.key.esc': 'x' }],
    // A value glued to a number.
    ['{"a": 1$flow.key.v}', { '$flow.key.v': 'x' }],
    ['{"a": 1$flow.key.v}', {}],
  ])('refuses %j when the values break it', (body, values) => {
    expect(renderBody({ bodyType: 'json', body }, lookupOf(values))).toMatchObject({
      ok: false,
      reason: 'INVALID_REQUEST',
    });
  });

  it('still sends a template that only the values make well formed', () => {
    expect(
      renderBody({ bodyType: 'json', body: '["\\$flow.key.esc", "]' }, lookupOf({})),
    ).toMatchObject({ ok: true });
  });
});
