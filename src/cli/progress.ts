/**
 * A progress bar with ETA on stderr for long commands (recompute, impact, seed); a plain line every few
 * seconds when stderr is not a terminal, so logs stay readable.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progress(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, stream: process.stderr, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  const t0 = Date.now();
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 2000 && done < total) return;
      last = now;
      const rate = done / Math.max(1, (now - t0) / 1000);
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      process.stderr.write(`${label}: ${done}/${total} (${Math.round((done / Math.max(1, total)) * 100)}%), ETA ${eta}s\n`);
    },
    stop() {},
  };
}
