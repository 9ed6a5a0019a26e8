import { z } from 'zod';
import type { ApiApp } from '../context.js';
import { HooklineError } from '../errors.js';
import { json, route } from '../route.js';
import { inputVariablesSchema } from '../schemas.js';
import { inputVariables } from '../input-variables.js';

const bodySchema = z.object({
  config: z
    .record(z.string(), z.unknown())
    .meta({ description: 'a webhook widget config (docs/webhook-widget.md)' }),
  variables: inputVariablesSchema,
});

const resultSchema = z.object({
  line: z.number().nullable(),
  request: z.unknown(),
  response: z.unknown(),
  variables: z.record(z.string(), z.unknown()),
});

/** docs/server.md: run one webhook widget config and show the request, the response, the variables, the line. */
export function registerWidgetTestRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/widget-tests',
      tags: ['widget-tests'],
      summary: 'Run one webhook widget config (secrets redacted in what is shown)',
      body: bodySchema,
      responses: {
        200: { description: 'what happened', schema: resultSchema },
        400: { description: 'invalid config: every problem' },
      },
    },
    async (c, { body }) => {
      const outcome = await c
        .get('deps')
        .testWidget(c.get('account'), body.config, inputVariables(body.variables));
      if (!outcome.ok)
        throw new HooklineError(
          'INVALID_REQUEST',
          'the widget config is not valid',
          outcome.problems,
        );
      return json(c, outcome.result);
    },
  );
}
