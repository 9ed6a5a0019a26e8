import { compileUniform, memoizeByTemplate, renderPieces } from './compile.js';
import { encodeComponent, percentEscape } from './percent-encoding.js';
import { valueText } from './render.js';
import type { TemplateValue, VariableLookup } from './types.js';

// Module-level, not literals in the function: a literal builds a new RegExp on every call.
const FORM_EXTRA = /[!'()~]/g;
const ENCODED_SPACE = /%20/g;

/**
 * application/x-www-form-urlencoded encoding of one key or value, as the WHATWG URL standard
 * (and URLSearchParams) writes it: space → `+`, everything but `A-Za-z0-9*-._` percent-encoded.
 */
function encodeFormComponent(value: TemplateValue | undefined): string {
  return encodeComponent(valueText(value))
    .replace(FORM_EXTRA, percentEscape)
    .replace(ENCODED_SPACE, '+');
}

const compileForm = memoizeByTemplate((template) => compileUniform(template, encodeFormComponent));

/**
 * Renders a form body template such as `name=$flow.key.name&lang=en` (docs/webhook-widget.md bodyType
 * `form`). The literal text is the author's own and is kept; every value, in a key or a
 * value position, is form-encoded, so an `&`, `=` or `+` in a value never splits a field.
 */
export function renderFormBody(
  template: string,
  lookup: VariableLookup,
  maxBytes?: number,
): string {
  return renderPieces(compileForm(template), lookup, maxBytes);
}
