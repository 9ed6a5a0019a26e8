/**
 * A variable's value as templates see it. Structurally identical to the flow's
 * `VariableValue` (docs/flows.md: objects and arrays are stored as JSON text strings); declared
 * here because templating depends on nothing internal (docs/architecture.md).
 */
export type TemplateValue = string | number | boolean | null;

/** Looks a variable up by full name, e.g. `"$flow.key.customer_id"`; undefined when not set. */
export type VariableLookup = (fullName: string) => TemplateValue | undefined;

/** One piece of a parsed template: literal text, or a reference to a variable by full name. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'variable'; name: string };

/** Turns a variable's value into output text for one position of one context. */
export type ValueEncoder = (value: TemplateValue | undefined) => string;

/**
 * How one rendering context reads a template's literal text, made fresh per compile: `text`
 * sees every literal piece in order (so it can track where it is, e.g. inside a JSON string),
 * and `valueEncoder` gives the encoding of a variable at the current position, or undefined
 * when that depends on the values themselves (the template is then rendered dynamically).
 */
export interface ContextLexer {
  text(literal: string): void;
  valueEncoder(): ValueEncoder | undefined;
}
