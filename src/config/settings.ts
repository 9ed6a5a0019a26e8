import { z } from 'zod';
import { executionLeases } from './lease-settings.js';
import { SettingsError } from './settings-error.js';

const csv = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** An optional positive whole number of bytes. */
const bytesSetting = (name: string) =>
  z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || /^[1-9]\d*$/.test(text.trim()),
      `${name} must be a positive whole number of bytes`,
    );

const bytesOr = (text: string | undefined, fallback: number): number =>
  text === undefined ? fallback : Number(text.trim());

/** An optional whole number >= 0, e.g. "14"; the message names the variable. */
const wholeNumber = (name: string, meaning: string) =>
  z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || /^\d+$/.test(text.trim()),
      `${name} must be a whole number of ${meaning} (0: no limit)`,
    );

/** An optional whole number >= 1, e.g. "64"; the message names the variable. */
const countSetting = (name: string, meaning: string) =>
  z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || /^[1-9]\d*$/.test(text.trim()),
      `${name} must be a whole number of ${meaning}, at least 1`,
    );

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

const environmentSchema = z.object({
  HOOKLINE_ALLOW_DESTINATIONS: z.string().optional(),
  HOOKLINE_RETRY_SCHEDULE: z
    .string()
    .optional()
    .refine(
      (text) => csv(text).every((item) => /^\d+(\.\d+)?$/.test(item)),
      'HOOKLINE_RETRY_SCHEDULE must be comma-separated seconds, e.g. "0,5,300"',
    ),
  HOOKLINE_DELIVERY_LEASE_SECONDS: z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || (/^\d+$/.test(text.trim()) && Number(text) >= 16),
      'HOOKLINE_DELIVERY_LEASE_SECONDS must be a whole number of seconds, at least 16 (longer than the 15 s attempt timeout)',
    ),
  HOOKLINE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'HOOKLINE_PUBLIC_URL must be an http(s) URL' })
    .optional(),
  HOOKLINE_MAX_RESPONSE_BYTES: bytesSetting('HOOKLINE_MAX_RESPONSE_BYTES'),
  HOOKLINE_MAX_TEMPLATE_BYTES: bytesSetting('HOOKLINE_MAX_TEMPLATE_BYTES'),
  HOOKLINE_MAX_VARIABLE_BYTES: bytesSetting('HOOKLINE_MAX_VARIABLE_BYTES'),
  HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES: bytesSetting('HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES'),
  HOOKLINE_RETENTION_DAYS: wholeNumber('HOOKLINE_RETENTION_DAYS', 'days'),
  HOOKLINE_RETENTION_MAX_EXECUTIONS: wholeNumber('HOOKLINE_RETENTION_MAX_EXECUTIONS', 'executions'),
  HOOKLINE_METRICS_TOKEN: z.string().optional(),
  HOOKLINE_DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || /^postgres(ql)?:\/\/\S+$/.test(text.trim()),
      'HOOKLINE_DATABASE_URL must be a postgres:// URL',
    ),
  HOOKLINE_REDIS_URL: z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || /^rediss?:\/\/\S+$/.test(text.trim()),
      'HOOKLINE_REDIS_URL must be a redis:// or rediss:// URL',
    ),
  HOOKLINE_EXECUTION_LEASE_SECONDS: countSetting('HOOKLINE_EXECUTION_LEASE_SECONDS', 'seconds'),
  HOOKLINE_EXECUTION_HEARTBEAT_SECONDS: countSetting(
    'HOOKLINE_EXECUTION_HEARTBEAT_SECONDS',
    'seconds',
  ),
  HOOKLINE_MAX_WAIT_SECONDS: countSetting('HOOKLINE_MAX_WAIT_SECONDS', 'seconds'),
  HOOKLINE_EXECUTION_CONCURRENCY: countSetting('HOOKLINE_EXECUTION_CONCURRENCY', 'executions'),
  HOOKLINE_LOG_LEVEL: z
    .enum(LOG_LEVELS, {
      error: `HOOKLINE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
    })
    .optional(),
  HOOKLINE_SESSION_HOURS: z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || (/^\d+$/.test(text.trim()) && Number(text) >= 1),
      'HOOKLINE_SESSION_HOURS must be a whole number of hours, at least 1',
    ),
});

/** Settings every command reads from the environment (docs/cli.md). */
export interface Settings {
  /** Hosts, host:ports and CIDRs exempt from the destination policy. */
  readonly allowDestinations: readonly string[];
  /** Seconds between delivery attempts, replacing the default schedule when set. */
  readonly retryScheduleSeconds: readonly number[] | undefined;
  /** Response cap, measured on decompressed bytes (docs/webhook-widget.md: 1 MiB by default). */
  readonly maxResponseBytes: number;
  /** How long a claimed delivery stays leased to one dispatcher (a crashed one's leases expire after it). */
  readonly deliveryLeaseMs: number;
  /** The server's public base URL (trigger URLs, short links); default from the listening address. */
  readonly publicUrl: string | undefined;
  /** Caps on what a template renders and what variables hold (docs/flows.md "Limits"). */
  readonly valueLimits: {
    readonly templateBytes: number;
    readonly variableBytes: number;
    readonly executionVariablesBytes: number;
  };
  /** Ended executions older than this are pruned (docs/server.md "Retention"); undefined: kept. */
  readonly retentionMaxAgeMs: number | undefined;
  /** Ended executions beyond this many (all accounts) are pruned; undefined: no count limit. */
  readonly retentionMaxExecutions: number | undefined;
  /** Bearer token `GET /metrics` requires when set (open otherwise). */
  readonly metricsToken: string | undefined;
  /** A PostgreSQL store's URL (docs/server.md); with `redisUrl`: scale-out mode (docs/deploy.md). */
  readonly databaseUrl: string | undefined;
  /** Redis for scale-out mode (docs/deploy.md); set with `databaseUrl` or not at all. */
  readonly redisUrl: string | undefined;
  /** How long a running execution stays held by its process unrenewed (docs/server.md). */
  readonly executionLeaseMs: number;
  /** How often a process renews its executions' leases and looks for expired ones. */
  readonly executionHeartbeatMs: number;
  /** Longest `?wait=true` hold before the answer is the execution as it is (docs/server.md). */
  readonly maxWaitMs: number;
  /** Executions one server runs at once; the others wait `queued`. */
  readonly executionConcurrency: number;
  /** The server's least severe log level written. */
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** How long a designer sign-in lasts (docs/designer.md). */
  readonly sessionMs: number;
}

export const DEFAULT_RETENTION_DAYS = 14;
export const DEFAULT_RETENTION_MAX_EXECUTIONS = 1_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A limit setting: its value, the default when unset, undefined for 0 (no limit). */
function limit(text: string | undefined, fallback: number): number | undefined {
  const value = text === undefined ? fallback : Number(text.trim());
  return value === 0 ? undefined : value;
}

/** HOOKLINE_MAX_RESPONSE_BYTES when unset: a larger response body is RESPONSE_TOO_LARGE. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_WAIT_SECONDS = 120;
export const DEFAULT_EXECUTION_CONCURRENCY = 64;

/** Defaults of HOOKLINE_MAX_TEMPLATE_BYTES, _VARIABLE_BYTES and _EXECUTION_VARIABLES_BYTES. */
export const DEFAULT_VALUE_LIMITS: Settings['valueLimits'] = Object.freeze({
  templateBytes: 1024 * 1024,
  variableBytes: 1024 * 1024,
  executionVariablesBytes: 8 * 1024 * 1024,
});

/** A setting that cannot be used; the message names the variable, never a secret value. */
export { SettingsError } from './settings-error.js';

/** Reads `HOOKLINE_*` settings once, at the edge (docs/architecture.md). */
export function loadSettings(environment: Readonly<Record<string, string | undefined>>): Settings {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  const env = parsed.data;
  const schedule = csv(env.HOOKLINE_RETRY_SCHEDULE).map(Number);
  const retentionDays = limit(env.HOOKLINE_RETENTION_DAYS, DEFAULT_RETENTION_DAYS);
  return Object.freeze({
    allowDestinations: Object.freeze(csv(env.HOOKLINE_ALLOW_DESTINATIONS)),
    retryScheduleSeconds: schedule.length > 0 ? Object.freeze(schedule) : undefined,
    maxResponseBytes: bytesOr(env.HOOKLINE_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES),
    deliveryLeaseMs: Number(env.HOOKLINE_DELIVERY_LEASE_SECONDS ?? 60) * 1000,
    publicUrl: env.HOOKLINE_PUBLIC_URL?.replace(/\/+$/, ''),
    valueLimits: Object.freeze({
      templateBytes: bytesOr(env.HOOKLINE_MAX_TEMPLATE_BYTES, DEFAULT_VALUE_LIMITS.templateBytes),
      variableBytes: bytesOr(env.HOOKLINE_MAX_VARIABLE_BYTES, DEFAULT_VALUE_LIMITS.variableBytes),
      executionVariablesBytes: bytesOr(
        env.HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES,
        DEFAULT_VALUE_LIMITS.executionVariablesBytes,
      ),
    }),
    retentionMaxAgeMs: retentionDays === undefined ? undefined : retentionDays * DAY_MS,
    retentionMaxExecutions: limit(
      env.HOOKLINE_RETENTION_MAX_EXECUTIONS,
      DEFAULT_RETENTION_MAX_EXECUTIONS,
    ),
    metricsToken: env.HOOKLINE_METRICS_TOKEN?.trim() || undefined,
    databaseUrl: env.HOOKLINE_DATABASE_URL?.trim() || undefined,
    redisUrl: env.HOOKLINE_REDIS_URL?.trim() || undefined,
    ...executionLeases(
      env.HOOKLINE_EXECUTION_LEASE_SECONDS,
      env.HOOKLINE_EXECUTION_HEARTBEAT_SECONDS,
    ),
    maxWaitMs: Number(env.HOOKLINE_MAX_WAIT_SECONDS ?? DEFAULT_MAX_WAIT_SECONDS) * 1000,
    executionConcurrency: Number(
      env.HOOKLINE_EXECUTION_CONCURRENCY ?? DEFAULT_EXECUTION_CONCURRENCY,
    ),
    logLevel: env.HOOKLINE_LOG_LEVEL ?? 'info',
    sessionMs: Number(env.HOOKLINE_SESSION_HOURS ?? 12) * 3_600_000,
  });
}
