/** The BullMQ adapter is imported by path (src/queue/bullmq.ts): embedded mode never loads it. */
export {
  JOB_KINDS,
  jobIdOf,
  type Job,
  type JobHandler,
  type JobKind,
  type JobQueue,
  type QueueStats,
} from './ports.js';
export { createInProcessQueue, type InProcessQueueOptions } from './in-process.js';
export { QueueSweeper, type SweeperOptions } from './sweeper.js';
