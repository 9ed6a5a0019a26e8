/**
 * CPU time (user + system) a child process has used so far, from `/proc/<pid>/stat`
 * (Linux; NaN elsewhere). Clock ticks are taken as 100 per second (`getconf CLK_TCK` on
 * Linux), so the resolution is 10 ms: fine over rounds of seconds.
 */
import { readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;

export async function cpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined || process.platform !== 'linux') return Number.NaN;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ")": utime and stime
    // are fields 14 and 15 of the line, i.e. indexes 11 and 12 after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
