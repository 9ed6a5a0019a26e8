import { z } from 'zod';
import { defineWidget } from '../../engine/index.js';
import { renderText, templateString } from '../../templating/index.js';
import type { WidgetServices } from '../services.js';

const configSchema = z.union(
  [z.object({ text: templateString }).strict(), z.object({ audio: templateString }).strict()],
  { error: 'play takes either "text" or "audio"' },
);

/** docs/flows.md `play`: sends text (spoken) or audio to the channel. */
export const playWidget = defineWidget<typeof configSchema, WidgetServices>({
  type: 'play',
  title: 'Play',
  description: 'Plays text or audio to the caller.',
  category: 'caller',
  defaults: { text: 'Hello' },
  config: configSchema,
  callerInteraction: true,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ config, lookup, emit, limits }) => {
    const max = limits.templateBytes;
    if ('text' in config) emit({ type: 'play', text: renderText(config.text, lookup, max) });
    else emit({ type: 'play', audio: renderText(config.audio, lookup, max) });
    return { line: 0 };
  },
});
