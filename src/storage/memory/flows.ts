import { settle } from '../common/settle.js';
import { toVersionPage, versionPageStart } from '../common/version-page.js';
import {
  staleVersion,
  type FlowStore,
  type FlowSummary,
  type FlowVersion,
  type LastExecution,
} from '../ports.js';
import { compareKeys, paginate } from './paginate.js';
import { conflict, copy, type MemoryFlow, type MemoryState } from './state.js';

/** Versioned flows, in memory; a deleted flow keeps its versions for running executions. */
export function createMemoryFlows(state: MemoryState): FlowStore {
  const live = (accountId: string, flowId: string): MemoryFlow | undefined => {
    const flow = state.flows.get(flowId);
    return flow?.accountId === accountId && flow.deletedAt === null ? flow : undefined;
  };

  return {
    createFlow: (flow) =>
      settle(() => {
        if (state.flows.has(flow.id)) throw conflict(`flow ${flow.id}`);
        state.flows.set(flow.id, {
          id: flow.id,
          accountId: flow.accountId,
          createdAt: flow.createdAt,
          deletedAt: null,
          versions: [copy(flow)],
        });
      }),

    addFlowVersion: ({ baseVersion, ...next }) =>
      settle(() => {
        const flow = live(next.accountId, next.id);
        if (!flow) return undefined;
        const current = latest(flow).version;
        if (baseVersion !== undefined && baseVersion !== current) {
          throw staleVersion(next.id, current, baseVersion);
        }
        const version: FlowVersion = {
          ...copy(next),
          version: current + 1,
          name: next.document.name,
        };
        flow.versions.push(version);
        return copy(version);
      }),

    getFlow: (accountId, flowId, version) =>
      settle(() => {
        const flow = live(accountId, flowId);
        if (!flow) return undefined;
        const found =
          version === undefined ? latest(flow) : flow.versions.find((v) => v.version === version);
        return copy(found);
      }),

    getFlowVersionForExecution: (flowId, version) =>
      settle(() => copy(state.flows.get(flowId)?.versions.find((v) => v.version === version))),

    listFlows: (accountId, page) =>
      settle(() => {
        const summaries: FlowSummary[] = [];
        const last = lastExecutions(state, accountId);
        for (const flow of state.flows.values()) {
          if (flow.accountId === accountId && flow.deletedAt === null) {
            summaries.push({ ...summarize(flow), lastExecution: last.get(flow.id) ?? null });
          }
        }
        return copy(paginate(summaries, page, 'asc'));
      }),

    listFlowVersions: (accountId, flowId, page) =>
      settle(() => {
        const flow = live(accountId, flowId);
        if (!flow) return undefined;
        const { size, before } = versionPageStart(page);
        const rows = flow.versions
          .filter((version) => before === null || version.version < before)
          .sort((a, b) => b.version - a.version)
          .slice(0, size + 1)
          .map(({ version, name, createdAt }) => ({ version, name, createdAt }));
        return toVersionPage(rows, size);
      }),

    deleteFlow: (accountId, flowId, deletedAt) =>
      settle(() => {
        const flow = live(accountId, flowId);
        if (!flow) return false;
        flow.deletedAt = deletedAt;
        return true;
      }),

    sealClearFlowVersions: (seal) =>
      settle(() => {
        let sealed = 0;
        for (const flow of state.flows.values()) {
          flow.versions = flow.versions.map((version) => {
            if (version.secrets !== undefined) return version;
            sealed += 1;
            const { document, secrets } = copy(seal(version.document));
            return { ...version, document, secrets };
          });
        }
        return sealed;
      }),
  };
}

function latest(flow: MemoryFlow): FlowVersion {
  const last = flow.versions[flow.versions.length - 1];
  if (!last) throw new Error(`flow ${flow.id} has no version`);
  return last;
}

/** Each flow's newest execution (by createdAt, then id) in the account, in one pass. */
function lastExecutions(state: MemoryState, accountId: string): Map<string, LastExecution> {
  const newest = new Map<string, { createdAt: string; id: string; last: LastExecution }>();
  for (const execution of state.executions.values()) {
    if (execution.accountId !== accountId) continue;
    const seen = newest.get(execution.flowId);
    if (seen && compareKeys(seen, execution) > 0) continue;
    const { id, status, endReason, startTime, createdAt } = execution;
    newest.set(execution.flowId, { createdAt, id, last: { id, status, endReason, startTime } });
  }
  return new Map([...newest].map(([flowId, { last }]) => [flowId, last]));
}

function summarize(flow: MemoryFlow): Omit<FlowSummary, 'lastExecution'> {
  const last = latest(flow);
  return {
    id: flow.id,
    name: last.name,
    version: last.version,
    createdAt: flow.createdAt,
    updatedAt: last.createdAt,
  };
}
