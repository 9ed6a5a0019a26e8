import { z } from 'zod';
import { defineWidget } from '../../engine/index.js';
import type { WidgetServices } from '../services.js';

const configSchema = z.object({}).default({});

/** docs/flows.md `hangup`: ends the call and the flow. */
export const hangupWidget = defineWidget<typeof configSchema, WidgetServices>({
  type: 'hangup',
  title: 'Hang up',
  description: 'Hangs up the call and ends the flow.',
  category: 'caller',
  defaults: {},
  config: configSchema,
  callerInteraction: true,
  lineLabels: () => [],
  lines: () => ({ min: 0, max: 0 }),
  run: ({ emit }) => {
    emit({ type: 'hangup' });
    return { line: 0, end: { reason: 'hangup' } };
  },
});
