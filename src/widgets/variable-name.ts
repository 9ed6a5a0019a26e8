import { z } from 'zod';
import { FULL_VARIABLE_NAME, VARIABLE_NAME } from '../flow/index.js';

/** A full variable name a widget writes to: `$flow.key.x` or `$user.key.x` (syskeys are read-only). */
export const writableVariableSchema = z
  .string()
  .transform((name) => (name.startsWith('$') ? name : `$flow.key.${name}`))
  .refine((name) => FULL_VARIABLE_NAME.test(name) && !name.includes('.syskey.'), {
    error:
      'expected a variable such as "$flow.key.name" or "$user.key.name" (syskeys are read-only)',
  });

/** A bare NAME (`customer_id`, `order.status`). */
export const variableNameSchema = z
  .string()
  .regex(VARIABLE_NAME, { error: 'expected a NAME such as "customer_id" or "order.status"' });
