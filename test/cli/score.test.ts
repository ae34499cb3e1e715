/** `jifen score` as a person types it: the real bin, a real file, stdout, stderr and the exit code. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-cli-'));

function jifen(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/jifen.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: path.join(dir, 'data') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, body: unknown): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
}

const facts = {
  person: { birthDate: '1990-01-01' },
  permit: { kind: 'ic', status: 'valid', district: '330106' },
  socialInsurance: [{ from: '2012-01', to: '2019-12', scheme: 'pension' }],
};

describe('jifen score', () => {
  it('prints the result JSON of a request file and exits 0', () => {
    const r = jifen('score', file('req.json', { asOf: '2020-03-01', facts }));
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { policyVersion: string; total: number };
    expect(out).toMatchObject({ policyVersion: 'hangzhou-2018', total: 54 });
  });

  it('takes a file of bare facts with --as-of and --policy', () => {
    const r = jifen('score', file('facts.json', facts), '--as-of', '2022-09-01', '--policy', 'hangzhou-2021');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ policyVersion: 'hangzhou-2021', asOf: '2022-09-01', total: 78 });
  });

  it('lets --as-of override the date in the file', () => {
    const r = jifen('score', file('req2.json', { asOf: '2020-03-01', facts }), '--as-of', '2024-09-01');
    expect(JSON.parse(r.stdout)).toMatchObject({ asOf: '2024-09-01', policyVersion: 'hangzhou-2024' });
  });

  it('exits 2 with every field error on stderr for invalid input, and prints nothing on stdout', () => {
    const r = jifen(
      'score',
      file('bad.json', { facts: { person: { birthDate: '1990-02-30' }, residence: [{ from: '2020-01-01', to: '2019-01-01', status: 'registered', source: 'police' }], pets: 2 } }),
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr) as { error: { fields: Array<{ path: string }> } };
    expect(err.error.fields.map((f) => f.path).sort()).toEqual(['facts.person.birthDate', 'facts.pets', 'facts.residence[0].to']);
  });

  it('exits 2 naming the problem for a missing file, broken JSON or a bad --as-of', () => {
    const missing = jifen('score', path.join(dir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    const broken = jifen('score', file('broken.json', '{ "person": '));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('INVALID_JSON');
    const badDate = jifen('score', file('ok.json', facts), '--as-of', '2020-13-01');
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('asOf');
  });
});

describe('jifen calendar', () => {
  it('enters a year notice and then counts working days through it without the provisional mark', () => {
    const before = jifen('calendar', 'add', '2026-12-30', '3');
    expect(before.status).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ provisional: true });
    const notice = file('2027.json', {
      year: 2027,
      notice: '国务院办公厅关于2027年部分节假日安排的通知(示例)',
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-04', kind: 'holiday', name: '元旦' },
      ],
    });
    const entered = jifen('calendar', 'enter', notice);
    expect(entered.status, entered.stderr).toBe(0);
    const after = jifen('calendar', 'add', '2026-12-30', '3');
    expect(JSON.parse(after.stdout)).toEqual({ from: '2026-12-30', days: 3, date: '2027-01-06', provisional: false });
  });

  it('refuses a notice whose days are not real dates, and keeps the calendar as it was', () => {
    const bad = file('bad-notice.json', { year: 2028, notice: 'x', days: [{ date: '2028-02-30', kind: 'holiday' }] });
    const r = jifen('calendar', 'enter', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('2028-02-30');
    const after = jifen('calendar', 'add', '2028-03-01', '1');
    expect(JSON.parse(after.stdout)).toMatchObject({ provisional: true });
  });
});
