import { z } from 'zod';
import { defineWidget } from '../../engine/index.js';
import { renderText, templateString } from '../../templating/index.js';
import type { WidgetServices } from '../services.js';
import { writableVariableSchema } from '../variable-name.js';

const configSchema = z.object({
  prompt: templateString.default(''),
  maxDigits: z.number().int().min(1).max(64).optional(),
  timeoutSeconds: z
    .number()
    .int()
    .min(1, { error: 'timeoutSeconds must be 1-60' })
    .max(60, { error: 'timeoutSeconds must be 1-60' })
    .default(5),
  saveIn: writableVariableSchema.default('$flow.key.input'),
});

/** docs/flows.md `input`: asks the caller; line 0 got input, line 1 no input. */
export const inputWidget = defineWidget<typeof configSchema, WidgetServices>({
  type: 'input',
  title: 'Input',
  description: 'Asks the caller for digits and saves them in a variable.',
  category: 'caller',
  defaults: { prompt: 'Press 1', maxDigits: 1 },
  config: configSchema,
  callerInteraction: true,
  lineLabels: () => ['input', 'no input'],
  lines: () => ({ min: 0, max: 2 }),
  run: async ({ config, lookup, emit, services, limits }) => {
    const prompt = renderText(config.prompt, lookup, limits.templateBytes);
    emit({
      type: 'input',
      prompt,
      maxDigits: config.maxDigits,
      timeoutSeconds: config.timeoutSeconds,
    });
    const answer = await services.input.next(prompt);
    if (answer === undefined || answer === '') return { line: 1 };
    const value = config.maxDigits === undefined ? answer : answer.slice(0, config.maxDigits);
    return { line: 0, variables: [{ name: config.saveIn, value }] };
  },
});
