import { parseTemplate } from './parse.js';
import type { ContextEncoder, TemplateValue, VariableLookup } from './types.js';

/** Renders a template through one context's encoder, a part at a time. */
export function renderWith(
  template: string,
  lookup: VariableLookup,
  encoder: ContextEncoder,
): string {
  let output = '';
  for (const part of parseTemplate(template)) {
    output += part.kind === 'text' ? encoder.text(part.text) : encoder.value(lookup(part.name));
  }
  return output;
}

/** A value as plain text. SPEC §1: a missing variable renders as the empty string; so does null. */
export function valueText(value: TemplateValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Plain substitution (play text, store values, decision operands): values inserted as text. */
export function renderText(template: string, lookup: VariableLookup): string {
  return renderWith(template, lookup, { text: (literal) => literal, value: valueText });
}
