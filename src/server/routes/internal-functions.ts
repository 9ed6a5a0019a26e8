import { z } from 'zod';
import { INTERNAL_FUNCTIONS } from '../../widgets/index.js';
import type { ApiApp } from '../context.js';
import { json, route } from '../route.js';

const fieldSchema = z.object({ name: z.string(), description: z.string(), required: z.boolean() });
const functionSchema = z.object({
  name: z.enum(INTERNAL_FUNCTIONS.map((definition) => definition.name) as [string, ...string[]]),
  description: z.string(),
  inputs: z.array(fieldSchema),
  outputs: z.array(fieldSchema.omit({ required: true })),
  needsServer: z.boolean(),
});

/** docs/internal-functions.md: the internal function catalogue (the designer lists it; so does the OpenAPI document). */
export function registerInternalFunctionRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/internal-functions',
      tags: ['internal-functions'],
      summary: 'The internal functions a webhook widget can call with "mode": "internal"',
      responses: {
        200: { description: 'the catalogue', schema: z.object({ items: z.array(functionSchema) }) },
      },
    },
    (c) =>
      Promise.resolve(
        json(c, {
          items: INTERNAL_FUNCTIONS.map((definition) => ({
            name: definition.name,
            description: definition.description,
            inputs: definition.inputs.map((input) => ({
              ...input,
              required: input.required === true,
            })),
            outputs: definition.outputs.map(({ name, description }) => ({ name, description })),
            needsServer: definition.needsServer,
          })),
        }),
      ),
  );
}
