import { describe, expect, it } from 'vitest';
import {
  chosenOption,
  emptyRow,
  formOf,
  labelOf,
  withField,
  type TableField,
} from '../../designer/src/editors/schema-form.js';
import { WIDGETS } from '../../src/widgets/index.js';
import { widgetConfigJsonSchema } from '../../src/widgets/flow-json-schema.js';

/** The schema `GET /v1/widgets` serves for a type. */
function schemaOf(type: string) {
  const widget = WIDGETS.find((item) => item.type === type);
  if (!widget) throw new Error(`no widget ${type}`);
  return widgetConfigJsonSchema(widget);
}

describe('widget config JSON Schema → form fields (designer)', () => {
  it('reads input as text, integer and text fields with their limits and defaults', () => {
    expect(formOf(schemaOf('input'))).toEqual({
      kind: 'fields',
      fields: [
        { kind: 'text', name: 'prompt', label: 'Prompt', required: false, default: '' },
        {
          kind: 'integer',
          name: 'maxDigits',
          label: 'Max digits',
          required: false,
          minimum: 1,
          maximum: 64,
        },
        {
          kind: 'integer',
          name: 'timeoutSeconds',
          label: 'Timeout (seconds)',
          required: false,
          minimum: 1,
          maximum: 60,
          default: 5,
        },
        { kind: 'text', name: 'saveIn', label: 'Save in', required: false },
      ],
    });
  });

  it('reads play as a choice of text or audio', () => {
    const shape = formOf(schemaOf('play'));
    expect(shape).toEqual({
      kind: 'choice',
      options: [
        { name: 'text', fields: [{ kind: 'text', name: 'text', label: 'Text', required: true }] },
        {
          name: 'audio',
          fields: [{ kind: 'text', name: 'audio', label: 'Audio', required: true }],
        },
      ],
    });
    if (shape?.kind !== 'choice') throw new Error('not a choice');
    expect(chosenOption(shape, { audio: 'x.wav' })).toBe('audio');
    expect(chosenOption(shape, {})).toBe('text');
  });

  it('reads decision conditions and store variables as tables', () => {
    const decision = formOf(schemaOf('decision'));
    const conditions = decision?.kind === 'fields' ? decision.fields[0] : undefined;
    expect(conditions).toMatchObject({ kind: 'table', name: 'conditions', minItems: 1 });
    const table = conditions as TableField;
    expect(table.columns.map((column) => [column.kind, column.name])).toEqual([
      ['text', 'variable'],
      ['enum', 'operator'],
      ['text', 'value'],
    ]);
    expect(emptyRow(table)).toEqual({ variable: '', operator: 'equals', value: '' });
    const store = formOf(schemaOf('store'));
    expect(store?.kind === 'fields' && store.fields.map((field) => field.kind)).toEqual([
      'enum',
      'table',
    ]);
  });

  it('gives end and hangup an empty form, and no form for a shape it cannot read', () => {
    expect(formOf(schemaOf('end'))).toEqual({ kind: 'fields', fields: [] });
    expect(formOf(schemaOf('hangup'))).toEqual({ kind: 'fields', fields: [] });
    expect(formOf({ type: 'object', properties: { x: { type: 'object' } } })).toBeUndefined();
    expect(formOf({ anyOf: [{ type: 'string' }] })).toBeUndefined();
    expect(formOf(null)).toBeUndefined();
  });

  it('sets a field; an empty optional one is removed, an empty required one kept', () => {
    const optional = { kind: 'integer', name: 'maxDigits', label: '', required: false } as const;
    const required = { kind: 'text', name: 'text', label: '', required: true } as const;
    expect(withField({ prompt: 'a', maxDigits: 2 }, optional, undefined)).toEqual({ prompt: 'a' });
    expect(withField({ prompt: 'a' }, optional, 4)).toEqual({ prompt: 'a', maxDigits: 4 });
    expect(withField({ text: 'a' }, required, '')).toEqual({ text: '' });
    expect(labelOf('waitForResponse')).toBe('Wait for response');
  });
});
