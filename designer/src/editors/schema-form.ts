/**
 * A widget config's JSON Schema (`GET /v1/widgets`, generated from the server's zod schemas)
 * read as form fields (docs/designer.md "Widget editors"). Pure: no browser code. Only the
 * shapes the simple widgets use are read; anything else is left to "Edit as JSON".
 */

type Schema = Record<string, unknown>;

export type ScalarField =
  | { kind: 'text'; name: string; label: string; required: boolean; default?: string }
  | {
      kind: 'integer';
      name: string;
      label: string;
      required: boolean;
      minimum?: number;
      maximum?: number;
      default?: number;
    }
  | {
      kind: 'enum';
      name: string;
      label: string;
      required: boolean;
      options: string[];
      default?: string;
    }
  | { kind: 'boolean'; name: string; label: string; required: boolean; default?: boolean };

/** An array of objects: a table, one row per item, one column per scalar property. */
export interface TableField {
  kind: 'table';
  name: string;
  label: string;
  required: boolean;
  minItems: number;
  columns: ScalarField[];
}

export type FormField = ScalarField | TableField;

/** One form, or a choice of forms (`play`: text or audio), or undefined (JSON only). */
export type FormShape =
  | { kind: 'fields'; fields: FormField[] }
  | { kind: 'choice'; options: Array<{ name: string; fields: FormField[] }> };

const LABELS: Record<string, string> = {
  saveIn: 'Save in',
  maxDigits: 'Max digits',
  timeoutSeconds: 'Timeout (seconds)',
};

/** `timeoutSeconds` → "Timeout seconds"; a few names read better spelt out. */
export function labelOf(name: string): string {
  const known = LABELS[name];
  if (known !== undefined) return known;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarField(name: string, schema: Schema, required: boolean): ScalarField | undefined {
  const label = labelOf(name);
  const fallback = schema.default;
  if (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === 'string')) {
    return {
      kind: 'enum',
      name,
      label,
      required,
      options: schema.enum,
      ...(typeof fallback === 'string' ? { default: fallback } : {}),
    };
  }
  if (schema.type === 'string') {
    return {
      kind: 'text',
      name,
      label,
      required,
      ...(typeof fallback === 'string' ? { default: fallback } : {}),
    };
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return {
      kind: 'integer',
      name,
      label,
      required,
      ...(typeof schema.minimum === 'number' ? { minimum: schema.minimum } : {}),
      ...(typeof schema.maximum === 'number' ? { maximum: schema.maximum } : {}),
      ...(typeof fallback === 'number' ? { default: fallback } : {}),
    };
  }
  if (schema.type === 'boolean') {
    return {
      kind: 'boolean',
      name,
      label,
      required,
      ...(typeof fallback === 'boolean' ? { default: fallback } : {}),
    };
  }
  return undefined;
}

function tableField(name: string, schema: Schema, required: boolean): TableField | undefined {
  const items = schema.items;
  if (schema.type !== 'array' || !isSchema(items) || items.type !== 'object') return undefined;
  const columns = objectFields(items);
  if (columns === undefined || columns.some((column) => column.kind === 'table')) return undefined;
  return {
    kind: 'table',
    name,
    label: labelOf(name),
    required,
    minItems: typeof schema.minItems === 'number' ? schema.minItems : 0,
    columns: columns as ScalarField[],
  };
}

/** An object schema's properties as fields, or undefined if one of them has no field. */
function objectFields(schema: Schema): FormField[] | undefined {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields: FormField[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (!isSchema(property)) return undefined;
    const field =
      scalarField(name, property, required.has(name)) ??
      tableField(name, property, required.has(name));
    if (field === undefined) return undefined;
    fields.push(field);
  }
  return fields;
}

/** The form for a config schema, or undefined when it has a shape no form reads well. */
export function formOf(schema: unknown): FormShape | undefined {
  if (!isSchema(schema)) return undefined;
  if (Array.isArray(schema.anyOf)) {
    const options: Array<{ name: string; fields: FormField[] }> = [];
    for (const option of schema.anyOf as unknown[]) {
      if (!isSchema(option) || option.type !== 'object') return undefined;
      const fields = objectFields(option);
      const [first] = fields ?? [];
      // `play`: each option is one required property, named after it.
      if (fields?.length !== 1 || first === undefined) return undefined;
      options.push({ name: first.name, fields });
    }
    return { kind: 'choice', options };
  }
  if (schema.type !== 'object') return undefined;
  const fields = objectFields(schema);
  return fields === undefined ? undefined : { kind: 'fields', fields };
}

/** Which option of a choice a config is (the first whose property it has). */
export function chosenOption(
  shape: Extract<FormShape, { kind: 'choice' }>,
  config: unknown,
): string {
  const current = isSchema(config) ? config : {};
  return (
    shape.options.find((option) => option.name in current)?.name ?? shape.options[0]?.name ?? ''
  );
}

/**
 * The config with one field set: undefined or "" removes an optional field (the server's
 * default applies), a required one keeps "".
 */
export function withField(
  config: unknown,
  field: FormField,
  value: unknown,
): Record<string, unknown> {
  const rest = Object.fromEntries(
    Object.entries(isSchema(config) ? config : {}).filter(([name]) => name !== field.name),
  );
  if ((value === undefined || value === '') && !field.required) return rest;
  return { ...rest, [field.name]: value ?? '' };
}

/** A new table row: each column's default, "" for required text, the first enum option. */
export function emptyRow(table: TableField): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of table.columns) {
    if (column.default !== undefined) row[column.name] = column.default;
    else if (column.kind === 'enum' && column.required) row[column.name] = column.options[0] ?? '';
    else if (column.kind === 'text' && column.required) row[column.name] = '';
  }
  return row;
}
