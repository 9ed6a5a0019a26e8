import { z } from 'zod';
import type { AgentRecord } from '../../storage/ports.js';

export const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  extension: z.string().nullable(),
  onBreak: z.boolean(),
  breakChangedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** An agent as the API shows it. */
export function agentView({ accountId: _account, ...agent }: AgentRecord) {
  return agent;
}
