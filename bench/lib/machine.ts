/** What a benchmark ran on, printed with its figures (house style 13). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  /** The CPUs this process may run on (taskset), from /proc/self/status where there is one. */
  affinity: string;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine shows up here. */
  load: number;
  /** The commit measured, and whether the code under `watch` differed from it. */
  revision: string;
}

function affinity(): string {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Cpus_allowed_list:'));
    return line ? line.split(':')[1]!.trim() : 'unknown';
  } catch {
    return 'unknown';
  }
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** `abc1234`, or `abc1234 + uncommitted changes in src/rules` (read-only git commands). */
function revision(watch: string): string {
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head === undefined) return 'unknown';
  const dirty = git(['status', '--porcelain', '--', watch]);
  return dirty ? `${head} + uncommitted changes in ${watch}` : head;
}

export function machine(watch = 'src/rules'): Machine {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    affinity: affinity(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    load: loadAverage(),
    revision: revision(watch),
  };
}

/** The 1-minute load average, to two decimals. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
