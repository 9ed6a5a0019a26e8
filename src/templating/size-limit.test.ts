import { describe, expect, it } from 'vitest';
import { renderFormBody } from './form.js';
import { renderHeaderValue } from './header.js';
import { renderJsonBody } from './json.js';
import { renderText } from './render.js';
import { TemplateTooLargeError } from './size-limit.js';
import type { TemplateValue, VariableLookup } from './types.js';
import { renderUrl } from './url.js';
import { renderXmlBody } from './xml.js';

const KIB = 1024;

/** A lookup giving `value` for every name, counting the calls. */
function counting(value: TemplateValue): { lookup: VariableLookup; calls: () => number } {
  let calls = 0;
  return {
    lookup: () => {
      calls += 1;
      return value;
    },
    calls: () => calls,
  };
}

const renderers: Array<
  [string, (template: string, lookup: VariableLookup, max: number) => unknown]
> = [
  ['text', renderText],
  ['form', renderFormBody],
  ['json', renderJsonBody],
  ['xml', renderXmlBody],
  ['url path', (template, lookup, max) => renderUrl(`https://h.test/${template}`, lookup, max)],
  ['url authority', (template, lookup, max) => renderUrl(`${template}/x`, lookup, max)],
  ['header', renderHeaderValue],
];

describe('render caps (docs/flows.md "Limits")', () => {
  it.each(renderers)('%s: renders under the cap and fails past it', (_name, render) => {
    const twice = '$flow.key.k$flow.key.k';
    expect(() => render(twice, counting('a'.repeat(400 * KIB)).lookup, KIB * KIB)).not.toThrow();
    expect(() => render(twice, counting('a'.repeat(600 * KIB)).lookup, KIB * KIB)).toThrow(
      TemplateTooLargeError,
    );
  });

  it.each(renderers)('%s: stops at the first value past the cap', (_name, render) => {
    const values = counting('a'.repeat(300 * KIB));
    const template = Array.from({ length: 50 }, () => '$flow.key.k').join('-');
    expect(() => render(template, values.lookup, KIB * KIB)).toThrow(TemplateTooLargeError);
    expect(values.calls()).toBe(4);
  });

  it('refuses a value longer than the cap before encoding it', () => {
    // Form encoding makes each "€" 9 characters: the value is refused as it is.
    const values = counting('€'.repeat(KIB * KIB + 1));
    expect(() => renderFormBody('x=$flow.key.k', values.lookup, KIB * KIB)).toThrow(
      TemplateTooLargeError,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    const euros = counting('€'.repeat(400 * KIB)).lookup; // 1.2 MiB of UTF-8
    expect(() => renderText('$flow.key.k', euros, KIB * KIB)).toThrow(/larger than 1048576 bytes/);
    expect(renderText('$flow.key.k', euros, 2 * KIB * KIB)).toHaveLength(400 * KIB);
  });

  it('has the end reason as its code', () => {
    expect(new TemplateTooLargeError(1).code).toBe('VALUE_TOO_LARGE');
  });
});
