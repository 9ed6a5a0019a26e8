import { z } from 'zod';
import { defineWidget } from '../../engine/index.js';
import type { WidgetServices } from '../services.js';

const configSchema = z.object({}).default({});

/** docs/flows.md `end`: ends the flow without touching the channel. */
export const endWidget = defineWidget<typeof configSchema, WidgetServices>({
  type: 'end',
  title: 'End',
  description: 'Ends the flow without touching the call.',
  category: 'flow',
  defaults: {},
  config: configSchema,
  callerInteraction: false,
  lineLabels: () => [],
  lines: () => ({ min: 0, max: 0 }),
  run: () => ({ line: 0, end: { reason: 'end' } }),
});
