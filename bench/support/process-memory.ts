/**
 * Resident memory (RSS) of a child process, from `/proc/<pid>/status` (Linux; NaN
 * elsewhere): what the operating system charges the process, heap and native memory alike.
 */
import { readFile } from 'node:fs/promises';

export async function rssBytes(pid: number | undefined): Promise<number> {
  if (pid === undefined || process.platform !== 'linux') return Number.NaN;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kilobytes === undefined ? Number.NaN : Number(kilobytes) * 1024;
  } catch {
    return Number.NaN;
  }
}
