import { validateFlow, type ValidFlow } from '../flow/index.js';
import type { FlowStore } from '../storage/ports.js';
import { widgetCatalogue } from '../widgets/index.js';

const MAX_CACHED = 512;

/** Validated flow versions by id@version: a version never changes once saved. */
export class FlowCache {
  readonly #flows: FlowStore;
  readonly #cache = new Map<string, ValidFlow>();

  constructor(flows: FlowStore) {
    this.#flows = flows;
  }

  /** The pinned version, validated; undefined when it no longer exists or no longer validates. */
  async get(flowId: string, version: number): Promise<ValidFlow | undefined> {
    const key = `${flowId}@${version}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const stored = await this.#flows.getFlowVersionForExecution(flowId, version);
    if (!stored) return undefined;
    const { flow } = validateFlow(stored.document, widgetCatalogue);
    if (!flow) return undefined;
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(key, flow);
    return flow;
  }
}
