/** Types shared with the server: imported as types only, never as code (docs/designer.md). */
export type { FlowDocument, WidgetDocument } from '../../src/flow/index.js';
import type { Problem } from '../../src/flow/index.js';
export type { Problem };

/** One entry of `GET /v1/widgets`. */
export interface WidgetType {
  type: string;
  title: string;
  description: string;
  category: 'integration' | 'logic' | 'caller' | 'flow';
  callerInteraction: boolean;
  configSchema: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

/** `GET /v1/flows` items. */
export interface FlowSummary {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** `POST /v1/flows/validate`. */
export interface Validation {
  valid: boolean;
  problems: Problem[];
  lines: Record<string, { type: string; labels: string[] }>;
}
