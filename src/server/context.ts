import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Clock } from '../engine/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { WidgetTestOutcome } from '../executions/widget-test.js';
import type { Variables } from '../flow/index.js';
import type { Sealer } from '../secrets/index.js';
import type { Account, Storage } from '../storage/ports.js';
import type { WebhookService } from '../webhooks/webhook-service.js';

/** What the API's routes work with; the composition root builds it. */
export interface ApiDependencies {
  storage: Storage;
  executions: ExecutionService;
  webhooks: WebhookService;
  /** Seals the secrets of saved flows (docs/server.md "Secrets"). */
  sealer: Sealer;
  clock: Clock;
  /** Runs one webhook widget config for `POST /v1/widget-tests`. */
  testWidget: (
    account: Account,
    config: unknown,
    variables: Variables,
  ) => Promise<WidgetTestOutcome>;
  /** The Prometheus text of /metrics. */
  renderMetrics: () => Promise<string>;
  /** Base URL the server is reached at (trigger URLs, short links). */
  publicUrl: () => string;
  /** How long a designer session lasts. */
  sessionMs: number;
  /** Longest `?wait=true` hold before answering with the execution as it is. */
  maxWaitMs: number;
  /** Scale-out mode: `/healthz` checks the database and Redis (docs/server.md). */
  health?: () => Promise<{ ok: boolean; body: Record<string, string> }>;
}

/** Per-request values set by middleware. */
export interface ApiEnv {
  Variables: { account: Account; deps: ApiDependencies };
}

export type ApiApp = OpenAPIHono<ApiEnv>;
