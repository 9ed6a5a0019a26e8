import { z } from 'zod';
import { validateFlow } from '../../flow/index.js';
import { widgetConfigJsonSchema } from '../../widgets/flow-json-schema.js';
import { WIDGETS, widgetCatalogue } from '../../widgets/index.js';
import type { ApiApp } from '../context.js';
import { json, route } from '../route.js';
import { problemSchema } from '../schemas.js';

const widgetTypeSchema = z.object({
  type: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.enum(['integration', 'logic', 'caller', 'flow']),
  callerInteraction: z.boolean(),
  configSchema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema (input)' }),
  defaults: z.record(z.string(), z.unknown()),
});

/** The catalogue never changes while the server runs: computed once. */
const CATALOGUE = WIDGETS.map((widget) => ({
  type: widget.type,
  title: widget.title,
  description: widget.description,
  category: widget.category,
  callerInteraction: widget.callerInteraction,
  configSchema: widgetConfigJsonSchema(widget),
  defaults: widget.defaults,
}));

const widgetLinesSchema = z.object({
  type: z.string(),
  labels: z.array(z.string()).meta({ description: 'label of line i, "" when unnamed' }),
});
const validationSchema = z.object({
  valid: z.boolean(),
  problems: z.array(problemSchema),
  lines: z
    .record(z.string(), widgetLinesSchema)
    .meta({ description: 'by widget id; widgets whose config does not parse are left out' }),
});

/** Each widget's line labels as the server computes them, for configs that parse. */
function lineLabels(input: unknown): Record<string, z.infer<typeof widgetLinesSchema>> {
  const widgets = (input as { widgets?: unknown }).widgets;
  if (typeof widgets !== 'object' || widgets === null) return {};
  const lines: Record<string, z.infer<typeof widgetLinesSchema>> = {};
  for (const [id, widget] of Object.entries(widgets as Record<string, unknown>)) {
    const { type, config } = (widget ?? {}) as { type?: unknown; config?: unknown };
    const entry = typeof type === 'string' ? widgetCatalogue.get(type) : undefined;
    const parsed = entry?.config.safeParse(config ?? {});
    if (entry && parsed?.success)
      lines[id] = { type: entry.type, labels: entry.lineLabels(parsed.data) };
  }
  return lines;
}

/** What the designer needs from the server: the widget catalogue and live validation. */
export function registerDesignerRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/widgets',
      tags: ['designer'],
      summary: 'The widget catalogue: titles, categories, config JSON Schemas and defaults',
      responses: {
        200: {
          description: 'every widget type',
          schema: z.object({ items: z.array(widgetTypeSchema) }),
        },
      },
    },
    (c) => Promise.resolve(json(c, { items: CATALOGUE })),
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/flows/validate',
      tags: ['designer', 'flows'],
      summary: 'Validate a flow document without saving it: every problem and each widget’s lines',
      body: z
        .record(z.string(), z.unknown())
        .meta({ description: 'a flow document (docs/flows.md)' }),
      responses: { 200: { description: 'the validation result', schema: validationSchema } },
    },
    (c, { body }) => {
      const { problems } = validateFlow(body, widgetCatalogue);
      const valid = !problems.some((problem) => problem.severity === 'error');
      return Promise.resolve(json(c, { valid, problems, lines: lineLabels(body) }));
    },
  );
}
