import { SettingsError } from './settings-error.js';

/**
 * HOOKLINE_EXECUTION_LEASE_SECONDS (30) and HOOKLINE_EXECUTION_HEARTBEAT_SECONDS (a third of
 * the lease, at most 10): a heartbeat renews well within a lease (docs/server.md
 * "Executions across processes"). Both are already checked whole numbers >= 1.
 */
export function executionLeases(
  lease: string | undefined,
  heartbeat: string | undefined,
): { executionLeaseMs: number; executionHeartbeatMs: number } {
  const leaseSeconds = Number(lease ?? 30);
  if (leaseSeconds < 2) {
    throw new SettingsError('HOOKLINE_EXECUTION_LEASE_SECONDS must be at least 2 seconds');
  }
  const heartbeatSeconds = Number(
    heartbeat ?? Math.min(10, Math.max(1, Math.floor(leaseSeconds / 3))),
  );
  if (heartbeatSeconds * 2 > leaseSeconds) {
    throw new SettingsError(
      'HOOKLINE_EXECUTION_HEARTBEAT_SECONDS must be at most half of HOOKLINE_EXECUTION_LEASE_SECONDS',
    );
  }
  return { executionLeaseMs: leaseSeconds * 1000, executionHeartbeatMs: heartbeatSeconds * 1000 };
}
