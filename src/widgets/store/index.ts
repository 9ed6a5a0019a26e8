import { z } from 'zod';
import { defineWidget } from '../../engine/index.js';
import {
  parseTemplate,
  renderText,
  templateString,
  type VariableLookup,
} from '../../templating/index.js';
import { FULL_VARIABLE_NAME, VARIABLE_NAME, type VariableValue } from '../../flow/index.js';
import type { WidgetServices } from '../services.js';

const SCOPES = { flow: '$flow.key.', user: '$user.key.' } as const;

const configSchema = z
  .object({
    scope: z.enum(['flow', 'user']).default('flow'),
    variables: z
      .array(z.object({ key: z.string(), value: templateString }))
      .min(1, { error: 'store at least one variable' }),
  })
  .superRefine((config, context) => {
    config.variables.forEach((variable, index) => {
      const prefix = SCOPES[config.scope];
      const ok = variable.key.startsWith('$')
        ? variable.key.startsWith(prefix) && FULL_VARIABLE_NAME.test(variable.key)
        : VARIABLE_NAME.test(variable.key);
      if (!ok) {
        context.addIssue({
          code: 'custom',
          path: ['variables', index, 'key'],
          message: `expected a NAME such as "customer_id" (or "${prefix}customer_id")`,
        });
      }
    });
  });

/** A value that is exactly one token copies the variable as it is (a number stays a number). */
function storedValue(template: string, lookup: VariableLookup, maxBytes: number): VariableValue {
  const parts = parseTemplate(template);
  const only = parts[0];
  if (parts.length === 1 && only?.kind === 'variable') return lookup(only.name) ?? '';
  return renderText(template, lookup, maxBytes);
}

/** docs/flows.md `store`: sets flow or user variables from templates. */
export const storeWidget = defineWidget<typeof configSchema, WidgetServices>({
  type: 'store',
  title: 'Store',
  description: 'Sets flow or user variables from templates.',
  category: 'logic',
  defaults: { variables: [{ key: 'name', value: '' }] },
  config: configSchema,
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ config, lookup, limits }) => {
    const prefix = SCOPES[config.scope];
    const variables = config.variables.map((variable) => ({
      name: variable.key.startsWith('$') ? variable.key : prefix + variable.key,
      value: storedValue(variable.value, lookup, limits.templateBytes),
    }));
    return { line: 0, variables };
  },
});
