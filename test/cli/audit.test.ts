/** `jifen audit verify` passes on an untouched log and fails, naming the event, after a hand edit. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('jifen audit verify', () => {
  it('detects an audit row altered in the database by hand', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-audit-'));
    const env = { ...process.env, DATA_DIR: path.join(dir, 'data') };
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/jifen.js'), ...args], { encoding: 'utf8', env });
    for (const year of [2027, 2028]) {
      const file = path.join(dir, `${year}.json`);
      fs.writeFileSync(file, JSON.stringify({ year, notice: `notice ${year}`, days: [{ date: `${year}-01-01`, kind: 'holiday' }] }));
      expect(run('calendar', 'enter', file).status).toBe(0);
    }
    const ok = run('audit', 'verify');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 条 events');

    const db = new Database(path.join(dir, 'data', 'jifen.sqlite'));
    const first = db.prepare('SELECT id FROM audit_event ORDER BY id LIMIT 1').get() as { id: number };
    db.prepare("UPDATE audit_event SET actor = 'someone else' WHERE id = ?").run(first.id);
    db.close();

    const broken = run('audit', 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`event ${first.id}`);
  });
});
