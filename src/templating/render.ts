import { compileUniform, memoizeByTemplate, renderPieces } from './compile.js';
import type { TemplateValue, VariableLookup } from './types.js';

/** A value as plain text. docs/flows.md: a missing variable renders as the empty string; so does null. */
export function valueText(value: TemplateValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

const compileText = memoizeByTemplate((template) => compileUniform(template, valueText));

/**
 * Plain substitution (play text, store values, decision operands): values inserted as text.
 * With `maxBytes`, throws TemplateTooLargeError once the text passes that many UTF-8 bytes.
 */
export function renderText(template: string, lookup: VariableLookup, maxBytes?: number): string {
  return renderPieces(compileText(template), lookup, maxBytes);
}
