/**
 * kill -9 in the middle of a recompute: the process kills itself inside a page's transaction, after
 * writing it and before committing it. Nothing of that page may be visible, and a rerun completes to
 * exactly the snapshots of an uninterrupted run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { openStore } from '../../src/storage/db.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';

const root = path.resolve(import.meta.dirname, '../..');

function person(i: number): PersonBundle {
  const first17 = `51010219800202${String(i).padStart(3, '0')}`;
  return {
    idNumber: first17 + checkCharacter(first17),
    name: `崩溃${i}`,
    phone: null,
    birthDate: '1980-02-02',
    sex: 'female',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: '330110',
    permits: [{ permitNo: `K${i}`, kind: 'ic', district: '330110', issuedOn: '2024-03-01', endorsements: [] }],
    residence: [{ from: `${2005 + (i % 15)}-06-01`, to: null, status: 'registered', source: 'police', verified: false, sourceRef: `KR${i}` }],
    insurance: [{ scheme: 'medical', fromMonth: (2010 + (i % 12)) * 12, toMonth: 2024 * 12, backPaid: false, transferredIn: false }],
    declared: {},
  };
}

function jifen(dataDir: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/jifen.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, ...env },
  });
}

async function snapshots(dataDir: string): Promise<unknown[]> {
  const store = await openStore({ dataDir });
  try {
    return await store.db.selectFrom('points_snapshot').select(['person_id', 'total_h', 'facts_digest', 'items_h']).orderBy('person_id').execute();
  } finally {
    await store.close();
  }
}

describe('recompute killed with SIGKILL mid-page', () => {
  it('leaves whole pages only, and a rerun completes to the same state as a clean run', async () => {
    const crashed = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-crash-'));
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-clean-'));
    const people = Array.from({ length: 250 }, (_, i) => person(i));
    for (const dir of [crashed, clean]) {
      const store = await openStore({ dataDir: dir });
      await new PeopleRepository(store.db).insertBundles(people, '2024-09-01T00:00:00Z');
      await store.close();
    }

    const killed = jifen(crashed, { JIFEN_FAULT_KILL: 'recompute:3' }, 'recompute', '--as-of', '2024-09-01', '--page-size', '50');
    expect(killed.signal).toBe('SIGKILL');
    const partial = await snapshots(crashed);
    expect(partial).toHaveLength(100); // pages 1 and 2 committed; page 3 was written but never committed

    const resumed = jifen(crashed, {}, 'recompute', '--as-of', '2024-09-01', '--page-size', '50');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('resumed');
    expect(jifen(clean, {}, 'recompute', '--as-of', '2024-09-01', '--page-size', '50').status).toBe(0);
    const a = await snapshots(crashed);
    expect(a).toHaveLength(250);
    expect(a).toEqual(await snapshots(clean));
  });
});
