import { z } from 'zod';
import { flowKey, FULL_VARIABLE_NAME } from '../flow/index.js';

/** A full variable name a widget writes to: `$flow.key.x` or `$user.key.x` (syskeys are read-only). */
export const writableVariableSchema = z
  .string()
  .transform((name) => (name.startsWith('$') ? name : flowKey(name)))
  .refine((name) => FULL_VARIABLE_NAME.test(name) && !name.includes('.syskey.'), {
    error:
      'expected a variable such as "$flow.key.name" or "$user.key.name" (syskeys are read-only)',
  });
