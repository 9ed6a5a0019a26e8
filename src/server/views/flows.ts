import type { FlowVersion } from '../../storage/ports.js';
import { maskFlowSecrets } from '../../webhooks/flow-secrets.js';

/**
 * A flow version: the document itself, its secrets shown as `"***"`, plus its id, version
 * and when the version was saved.
 */
export function flowView(flow: FlowVersion, latestSavedAt: string) {
  return {
    ...maskFlowSecrets(flow.document),
    id: flow.id,
    version: flow.version,
    createdAt: flow.createdAt,
    updatedAt: latestSavedAt,
  };
}
