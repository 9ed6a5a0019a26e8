/**
 * A variable's value as templates see it. Structurally identical to the flow's
 * `VariableValue` (SPEC §1: objects and arrays are stored as JSON text strings); declared
 * here because templating depends on nothing internal (DESIGN §1).
 */
export type TemplateValue = string | number | boolean | null;

/** Looks a variable up by full name, e.g. `"$flow.key.customer_id"`; undefined when not set. */
export type VariableLookup = (fullName: string) => TemplateValue | undefined;

/** One piece of a parsed template: literal text, or a reference to a variable by full name. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'variable'; name: string };

/**
 * How one rendering context turns a template into output. A fresh encoder is made per
 * render: `text` sees every literal piece in order (so it can track where it is, e.g.
 * inside a JSON string), and `value` encodes a variable's value for the current position.
 */
export interface ContextEncoder {
  text(literal: string): string;
  value(value: TemplateValue | undefined): string;
}
