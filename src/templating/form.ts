import { encodeComponent, percentEscape } from './percent-encoding.js';
import { renderWith, valueText } from './render.js';
import type { TemplateValue, VariableLookup } from './types.js';

/**
 * application/x-www-form-urlencoded encoding of one key or value, as the WHATWG URL standard
 * (and URLSearchParams) writes it: space → `+`, everything but `A-Za-z0-9*-._` percent-encoded.
 */
export function encodeFormComponent(value: TemplateValue | undefined): string {
  return encodeComponent(valueText(value))
    .replace(/[!'()~]/g, percentEscape)
    .replace(/%20/g, '+');
}

/**
 * Renders a form body template such as `name=$flow.key.name&lang=en` (SPEC §3 bodyType
 * `form`). The literal text is the author's own and is kept; every value, in a key or a
 * value position, is form-encoded, so an `&`, `=` or `+` in a value never splits a field.
 */
export function renderFormBody(template: string, lookup: VariableLookup): string {
  return renderWith(template, lookup, { text: (literal) => literal, value: encodeFormComponent });
}
