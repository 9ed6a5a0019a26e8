import { Agent, request } from 'undici';
import { createLocalHttpClient, runLocally } from '../../src/app/local-run.js';
import { loadSettings } from '../../src/config/index.js';
import { validateFlow, type ValidFlow } from '../../src/flow/index.js';
import { widgetCatalogue } from '../../src/widgets/index.js';
import type { Execution } from './load.js';
import { benchFlowDocument, noteFor } from './server-flow.js';

/** One way of doing the benchmark's work: the engine, or the same work by hand. */
export interface Side {
  name: string;
  execute: Execution;
  close(): Promise<void>;
}

/** Outcome labels: the end widget reached (gold customers hang up, others end). */
export const GOLD = 'hangup';
export const OTHER = 'end';

function validBenchFlow(port: number): ValidFlow {
  const { flow, problems } = validateFlow(benchFlowDocument(port, false), widgetCatalogue);
  if (!flow) throw new Error(`the benchmark flow is invalid: ${JSON.stringify(problems)}`);
  return flow;
}

/**
 * The engine side: `runLocally` (as `hookline run` does) with the HTTP client the CLI builds,
 * default settings plus an allow entry for the loopback server.
 */
export function createEngineSide(port: number): Side {
  const flow = validBenchFlow(port);
  const settings = loadSettings({});
  const http = createLocalHttpClient(settings, [`127.0.0.1:${port}`]);
  const execute: Execution = async (index) => {
    const result = await runLocally({
      flow,
      variables: { customer_id: String(index), note: noteFor(index) },
      inputs: [],
      http,
      limits: settings.valueLimits,
    });
    const status = result.variables['$flow.key.response_status'];
    if (result.status !== 'completed' || status !== 'SUCCESS') {
      const reason = String(result.variables['$flow.key.error_reason'] ?? status);
      return `error:${result.endReason}/${reason}`;
    }
    return result.endReason === 'hangup' ? GOLD : result.endReason === 'end' ? OTHER : 'error';
  };
  return { name: 'engine', execute, close: () => http.close() };
}

interface CustomerBody {
  customer?: { name?: unknown; tier?: unknown };
}

/**
 * The raw side: the same request by hand (URL and JSON body by string ops, the engine's
 * headers), `undici.request` through one keep-alive Agent with the engine's agent settings
 * (no undici header/body timeouts), the body read and parsed, two fields picked, one decision.
 */
export function createRawSide(port: number): Side {
  const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0, connect: { timeout: 10_000 } });
  const origin = `http://127.0.0.1:${port}`;
  const execute: Execution = async (index) => {
    const id = String(index);
    const url = `${origin}/customers/${encodeURIComponent(id)}`;
    const body = `{"id": ${JSON.stringify(id)}, "note": ${JSON.stringify(noteFor(index))}}`;
    const response = await request(url, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Hookline' },
      body,
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) return 'error:status';
    const parsed = JSON.parse(text) as CustomerBody;
    const name = parsed.customer?.name;
    const tier = parsed.customer?.tier;
    if (name === undefined) return 'error:MAPPING_MISSING';
    return tier === 'gold' ? GOLD : OTHER;
  };
  return { name: 'raw-undici', execute, close: () => agent.close() };
}
