/**
 * Atomic per chunk: a chunk that fails half-way leaves nothing of itself, the batch records how far
 * the committed chunks got, and running the file again resumes there and ends in the same state as
 * a clean import. Shown with a fault injected inside the transaction (every adapter) and with a
 * real `kill -9` of a child process importing into a SQLite file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport, type ImportKind } from '../../src/services/import/index.ts';
import { openStore, type Store } from '../../src/storage/db.ts';
import { adapters } from '../support/stores.ts';
import { INSURANCE_COLUMNS, NOW, PERMIT_COLUMNS, RESIDENCE_COLUMNS, content, csvText, idn, residence, tempDir, writeFile } from './support.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const root = path.resolve(import.meta.dirname, '../..');

/** 30 rows of each kind with a few bad ones, so rejects are part of what must not be half-applied. */
function files(prefix: string): Record<ImportKind, string> {
  const res = Array.from({ length: 30 }, (_, i) => residence(i + 1, i % 7 === 3 ? { from: 'bad' } : {}));
  const permits = Array.from({ length: 30 }, (_, i) => ({
    permit_no: `P${Math.floor(i / 3)}`,
    id_number: idn(Math.floor(i / 3) + 1),
    name: `居民${Math.floor(i / 3) + 1}`,
    kind: 'ic',
    district: i % 11 === 5 ? 'x' : '330106',
    issued_on: '2018-01-01',
    endorsed_on: `${2019 + (i % 3)}-01-01`,
  }));
  // Months that extend, bridge and split runs across chunk boundaries.
  const order = [0, 2, 4, 1, 3, 6, 8, 7, 5, 10, 9, 11];
  const insurance = Array.from({ length: 30 }, (_, i) => ({
    id_number: i % 13 === 12 ? idn(999) : idn((i % 3) + 1),
    month: `2020-${String(order[Math.floor(i / 3) % 12]! + 1).padStart(2, '0')}`,
    scheme: 'pension',
  }));
  return {
    residence: writeFile(dir, `${prefix}-residence.csv`, csvText(RESIDENCE_COLUMNS, res)),
    permits: writeFile(dir, `${prefix}-permits.csv`, csvText(PERMIT_COLUMNS, permits)),
    insurance: writeFile(dir, `${prefix}-insurance.csv`, csvText(INSURANCE_COLUMNS, insurance)),
  };
}

async function rejects(store: Store, batchId: number): Promise<string[]> {
  const rows = await store.db.selectFrom('import_reject').select(['line', 'field', 'reason']).where('batch_id', '=', batchId).orderBy('line').orderBy('field').execute();
  return rows.map((r) => `${r.line} ${r.field} ${r.reason}`);
}

class Crash extends Error {}

for (const adapter of adapters()) {
  describe(`a chunk failing mid-way on ${adapter.name}`, () => {
    let store: Store;
    let clean: Store;
    let n = 0;
    beforeEach(async () => {
      store = await adapter.open();
      clean = await adapter.open();
      // People for the insurance rows (one of which names nobody).
      const people = writeFile(dir, `${adapter.name}-people-${n++}.csv`, csvText(RESIDENCE_COLUMNS, [residence(1), residence(2), residence(3)]));
      await runImport(store, 'residence', people, { now: NOW });
      await runImport(clean, 'residence', people, { now: NOW });
    });
    afterEach(async () => {
      await store.close();
      await clean.close();
    });
    afterAll(async () => {
      await adapter.cleanup();
    });

    for (const kind of ['residence', 'permits', 'insurance'] as const) {
      it(`${kind}: leaves only whole chunks, and a rerun resumes to the state of a clean import`, async () => {
        const f = files(`${adapter.name}-${kind}-${n}`)[kind];
        const expected = await runImport(clean, kind, f, { now: NOW, chunkLines: 7 });
        const before = await content(store);

        // Chunk 0 commits; chunk 1 throws after all its writes, inside its transaction.
        const err = await runImport(store, kind, f, {
          now: NOW,
          chunkLines: 7,
          beforeCommit: ({ index }) => {
            if (index === 1) throw new Crash('power cut');
          },
        }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Crash);
        const batch = await store.db.selectFrom('import_batch').selectAll().where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirstOrThrow();
        expect(batch).toMatchObject({ status: 'running', lines_done: 8 });
        expect(Number(batch.rows_applied) + Number(batch.rows_unchanged) + Number(batch.rows_rejected)).toBe(7);
        // Only chunk 0's rejects (lines 2-8) are stored.
        expect((await rejects(store, Number(batch.id))).every((r) => Number(r.split(' ')[0]) <= 8)).toBe(true);
        // And only chunk 0's rows: importing just those lines into the clean copy's twin gives the same.
        const partial = await adapter.open();
        try {
          const people = writeFile(dir, `${adapter.name}-people-partial-${kind}.csv`, csvText(RESIDENCE_COLUMNS, [residence(1), residence(2), residence(3)]));
          await runImport(partial, 'residence', people, { now: NOW });
          const firstLines = fs.readFileSync(f, 'utf8').split('\r\n').slice(0, 8).join('\r\n') + '\r\n';
          await runImport(partial, kind, writeFile(dir, `${adapter.name}-${kind}-first-chunk.csv`, firstLines), { now: NOW });
          expect(await content(store)).toEqual(await content(partial));
          expect(await content(store)).not.toEqual(before);
        } finally {
          await partial.close();
        }

        const resumed = await runImport(store, kind, f, { now: NOW, chunkLines: 7 });
        expect(resumed.resumedFromLine).toBe(9);
        expect(resumed.batchId).toBe(Number(batch.id));
        expect({ ...resumed, batchId: 0, resumedFromLine: undefined, rejectsFile: undefined }).toEqual({ ...expected, batchId: 0, rejectsFile: undefined });
        expect(await content(store)).toEqual(await content(clean));
        expect(await rejects(store, resumed.batchId)).toEqual(await rejects(clean, expected.batchId));
        expect((await store.db.selectFrom('import_batch').select('status').where('id', '=', resumed.batchId).executeTakeFirstOrThrow()).status).toBe('done');
      });
    }
  });
}

describe('kill -9 during an import into SQLite', () => {
  it('leaves whole chunks only, and the rerun completes to the state of a clean import', async () => {
    const dataDir = tempDir('jifen-kill-');
    const rows = Array.from({ length: 20_000 }, (_, i) => residence(i + 1, i % 997 === 5 ? { status: 'gone' } : {}));
    const f = writeFile(dataDir, 'big.csv', csvText(RESIDENCE_COLUMNS, rows));
    const child = writeFile(
      dataDir,
      'child.mts',
      `import { openStore } from ${JSON.stringify(path.join(root, 'src/storage/db.ts'))};
import { runImport } from ${JSON.stringify(path.join(root, 'src/services/import/index.ts'))};
const store = await openStore({ dataDir: ${JSON.stringify(dataDir)}, sqliteFile: 'kill.sqlite' });
await runImport(store, 'residence', ${JSON.stringify(f)}, { chunkLines: 250, onProgress: (_b, _t, rows) => process.stdout.write('rows ' + rows + '\\n') });
process.stdout.write('finished\\n');
`,
    );
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const killedAfter = await new Promise<string>((resolve, reject) => {
      let seen = 0;
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.split('\n').filter((l) => l.startsWith('rows '));
        if (lines.length > seen) {
          seen = lines.length;
          if (seen === 5) {
            proc.kill('SIGKILL');
            resolve(lines[lines.length - 1]!);
          }
        }
        if (out.includes('finished')) reject(new Error('the import finished before it could be killed'));
      });
      proc.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`child exited ${code} ${signal}`));
      });
    });
    await new Promise((r) => proc.once('close', r));
    expect(killedAfter).toMatch(/^rows \d+$/);

    const store = await openStore({ dataDir, sqliteFile: 'kill.sqlite' });
    const clean = await openStore({ sqliteFile: ':memory:' });
    try {
      const batch = await store.db.selectFrom('import_batch').selectAll().executeTakeFirstOrThrow();
      expect(batch.status).toBe('running');
      const linesDone = Number(batch.lines_done);
      // Whole chunks: the header plus a multiple of 250 rows, each row of them applied or rejected.
      expect((linesDone - 1) % 250).toBe(0);
      expect(linesDone).toBeGreaterThanOrEqual(1 + 5 * 250);
      const periods = await store.db.selectFrom('residence_period').select('source_ref').orderBy('id').execute();
      expect(periods.length + Number(batch.rows_rejected)).toBe(linesDone - 1);
      expect(periods.at(-1)?.source_ref).toBe(rows[linesDone - 2]!.record_id);

      const resumed = await runImport(store, 'residence', f, { chunkLines: 250 });
      expect(resumed.resumedFromLine).toBe(linesDone + 1);
      const expected = await runImport(clean, 'residence', f, { chunkLines: 250 });
      expect(resumed).toMatchObject({ lines: 20_000, applied: expected.applied, unchanged: 0, rejected: expected.rejected });
      expect(await content(store)).toEqual(await content(clean));
      expect(await rejects(store, resumed.batchId)).toEqual(await rejects(clean, expected.batchId));
    } finally {
      await store.close();
      await clean.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
