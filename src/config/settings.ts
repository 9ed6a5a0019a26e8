import { z } from 'zod';

const csv = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

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
  HOOKLINE_MAX_RESPONSE_BYTES: z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || /^[1-9]\d*$/.test(text.trim()),
      'HOOKLINE_MAX_RESPONSE_BYTES must be a positive whole number of bytes',
    ),
  HOOKLINE_SESSION_HOURS: z
    .string()
    .optional()
    .refine(
      (text) => text === undefined || (/^\d+$/.test(text.trim()) && Number(text) >= 1),
      'HOOKLINE_SESSION_HOURS must be a whole number of hours, at least 1',
    ),
});

/** Settings every command reads from the environment (SPEC §6). */
export interface Settings {
  /** Hosts, host:ports and CIDRs exempt from the destination policy. */
  readonly allowDestinations: readonly string[];
  /** Seconds between delivery attempts, replacing the default schedule when set. */
  readonly retryScheduleSeconds: readonly number[] | undefined;
  /** Response cap, measured on decompressed bytes (SPEC §3: 1 MiB by default). */
  readonly maxResponseBytes: number;
  /** How long a claimed delivery stays leased to one dispatcher (a crashed one's leases expire after it). */
  readonly deliveryLeaseMs: number;
  /** The server's public base URL (trigger URLs, short links); default from the listening address. */
  readonly publicUrl: string | undefined;
  /** How long a designer sign-in lasts (docs/designer.md). */
  readonly sessionMs: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** A setting that cannot be used; the message names the variable, never a secret value. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** Reads `HOOKLINE_*` settings once, at the edge (DESIGN §2). */
export function loadSettings(environment: Readonly<Record<string, string | undefined>>): Settings {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  const env = parsed.data;
  const schedule = csv(env.HOOKLINE_RETRY_SCHEDULE).map(Number);
  return Object.freeze({
    allowDestinations: Object.freeze(csv(env.HOOKLINE_ALLOW_DESTINATIONS)),
    retryScheduleSeconds: schedule.length > 0 ? Object.freeze(schedule) : undefined,
    maxResponseBytes:
      env.HOOKLINE_MAX_RESPONSE_BYTES === undefined
        ? DEFAULT_MAX_RESPONSE_BYTES
        : Number(env.HOOKLINE_MAX_RESPONSE_BYTES.trim()),
    deliveryLeaseMs: Number(env.HOOKLINE_DELIVERY_LEASE_SECONDS ?? 60) * 1000,
    publicUrl: env.HOOKLINE_PUBLIC_URL?.replace(/\/+$/, ''),
    sessionMs: Number(env.HOOKLINE_SESSION_HOURS ?? 12) * 3_600_000,
  });
}
