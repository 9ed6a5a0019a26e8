import type { Variables } from '../flow/index.js';

export interface ExecutionFacts {
  executionId: string;
  flowId: string;
  flowVersion: number;
  accountId: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound' | 'api';
  startTime: string;
}

/** The contact an execution is about: the caller inbound, the called number outbound. */
export function contactNumberOf(facts: Pick<ExecutionFacts, 'from' | 'to' | 'direction'>): string {
  return facts.direction === 'outbound' ? facts.to : facts.from;
}

/** SPEC §1: the system keys set at start, and the contact's read-only facts. */
export function systemVariables(facts: ExecutionFacts): Variables {
  return {
    '$flow.syskey.executionId': facts.executionId,
    '$flow.syskey.flowId': facts.flowId,
    '$flow.syskey.flowVersion': facts.flowVersion,
    '$flow.syskey.accountId': facts.accountId,
    '$flow.syskey.from': facts.from,
    '$flow.syskey.to': facts.to,
    '$flow.syskey.direction': facts.direction,
    '$flow.syskey.startTime': facts.startTime,
    '$user.syskey.contactNumber': contactNumberOf(facts),
    '$user.syskey.accountID': facts.accountId,
  };
}

/** `--var` / API `variables` (bare names) as `$flow.key.*`. */
export function flowKeyVariables(values: Readonly<Record<string, Variables[string]>>): Variables {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [`$flow.key.${name}`, value]),
  );
}
