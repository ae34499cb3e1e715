/**
 * Runs the benchmarks: `tsx bench/run.ts [name …] [--quick]` (`npm run bench -- engine`). With no
 * name it runs them all, one after another in this process. Each benchmark lives in its own module
 * and returns an exit code; add new ones to BENCHMARKS.
 */
import { engineBench } from './engine.ts';
import type { BenchOptions } from './lib/measure.ts';

const BENCHMARKS: Record<string, (opts: BenchOptions) => Promise<number>> = {
  engine: engineBench,
};

async function main(argv: readonly string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('--'));
  const flags = argv.filter((a) => a.startsWith('--'));
  const unknownFlag = flags.find((f) => f !== '--quick');
  const unknown = names.find((n) => !(n in BENCHMARKS));
  if (unknownFlag !== undefined || unknown !== undefined) {
    console.error(`usage: tsx bench/run.ts [${Object.keys(BENCHMARKS).join('|')} …] [--quick]`);
    return 2;
  }
  const opts: BenchOptions = { quick: flags.includes('--quick') };
  let code = 0;
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    const rc = await BENCHMARKS[name]!(opts);
    if (rc !== 0) code = rc;
  }
  return code;
}

process.exitCode = await main(process.argv.slice(2));
