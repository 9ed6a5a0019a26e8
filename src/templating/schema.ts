import { z } from 'zod';
import { findTemplateProblems } from './parse.js';

/**
 * A zod schema for template fields: any string, with one custom issue per malformed token
 * (docs/flows.md: a flow document with a bad template token is reported, not saved).
 */
export const templateString: z.ZodType<string> = z.string().superRefine((template, context) => {
  for (const message of findTemplateProblems(template)) {
    context.addIssue({ code: 'custom', message });
  }
});
