import { validateFlow, type FlowDocument, type ValidFlow } from '../flow/index.js';
import type { FlowStore, FlowVersion } from '../storage/ports.js';
import { widgetCatalogue } from '../widgets/index.js';

const MAX_CACHED = 512;

/** The document a run needs from a stored version: its secrets opened (may throw). */
export type OpenFlowVersion = (version: FlowVersion) => FlowDocument;

/** Validated flow versions by id@version: a version never changes once saved. */
export class FlowCache {
  readonly #flows: FlowStore;
  readonly #open: OpenFlowVersion;
  readonly #cache = new Map<string, ValidFlow>();

  constructor(flows: FlowStore, open: OpenFlowVersion = (version) => version.document) {
    this.#flows = flows;
    this.#open = open;
  }

  /**
   * The pinned version, secrets opened and validated; undefined when it no longer exists,
   * no longer validates, or its secrets cannot be opened (another secret key).
   */
  async get(flowId: string, version: number): Promise<ValidFlow | undefined> {
    const key = `${flowId}@${version}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const stored = await this.#flows.getFlowVersionForExecution(flowId, version);
    if (!stored) return undefined;
    let document: FlowDocument;
    try {
      document = this.#open(stored);
    } catch {
      return undefined;
    }
    const { flow } = validateFlow(document, widgetCatalogue);
    if (!flow) return undefined;
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(key, flow);
    return flow;
  }
}
