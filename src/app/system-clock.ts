import { performance } from 'node:perf_hooks';
import type { Clock } from '../engine/index.js';

/** The real clock, for everything but tests. */
export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};
