import { z } from 'zod';
import { defineWidget } from '../../engine/index.js';
import { error, VARIABLE_NAME, type Problem } from '../../flow/index.js';
import {
  parseTemplate,
  renderText,
  templateString,
  type VariableLookup,
} from '../../templating/index.js';
import type { WidgetServices } from '../services.js';
import { regexProblem } from '../../mapping/index.js';
import { evaluate, OPERATORS } from './operators.js';

const conditionSchema = z.object({
  // A bare NAME is read as `$flow.key.NAME`; anything else is a template.
  variable: templateString.transform((text) =>
    VARIABLE_NAME.test(text) ? `$flow.key.${text}` : text,
  ),
  operator: z.enum(OPERATORS),
  value: templateString.default(''),
});

const configSchema = z.object({
  conditions: z.array(conditionSchema).min(1, { error: 'a decision needs at least one condition' }),
});

type DecisionConfig = z.output<typeof configSchema>;

function checkPatterns(config: DecisionConfig): Problem[] {
  const problems: Problem[] = [];
  config.conditions.forEach((condition, index) => {
    const literal = parseTemplate(condition.value).every((part) => part.kind === 'text');
    if (condition.operator !== 'matches' || !literal) return;
    const problem = regexProblem(condition.value);
    if (problem) problems.push(error(`conditions[${index}].value`, problem));
  });
  return problems;
}

/** The index of the first condition that holds, or -1 (a loop: no closure per run). */
function firstMatch(config: DecisionConfig, lookup: VariableLookup, maxBytes: number): number {
  const { conditions } = config;
  for (let index = 0; index < conditions.length; index += 1) {
    const condition = conditions[index];
    if (condition === undefined) continue;
    const left = renderText(condition.variable, lookup, maxBytes);
    const right = renderText(condition.value, lookup, maxBytes);
    if (evaluate(condition.operator, left, right)) return index;
  }
  return -1;
}

/** docs/flows.md `decision`: condition i leaves on line i, no match on the last line. */
export const decisionWidget = defineWidget<typeof configSchema, WidgetServices>({
  type: 'decision',
  title: 'Decision',
  description: 'Leaves on the line of the first condition that holds, or on "no match".',
  category: 'logic',
  defaults: { conditions: [{ variable: 'choice', operator: 'equals', value: '1' }] },
  config: configSchema,
  callerInteraction: false,
  lineLabels: (config) => [
    ...config.conditions.map((_, index) => `condition ${index}`),
    'no match',
  ],
  lines: (config) => ({ min: config.conditions.length + 1, max: config.conditions.length + 1 }),
  check: checkPatterns,
  run: ({ config, lookup, limits }) => {
    const index = firstMatch(config, lookup, limits.templateBytes);
    const line = index === -1 ? config.conditions.length : index;
    return { line, detail: { matched: index === -1 ? null : index } };
  },
});
