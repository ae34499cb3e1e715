/** `jifen import` and `jifen token` as commands: their output and exit codes (in-process, on the SQLite file of DATA_DIR). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importCommand } from '../../src/cli/import.ts';
import { tokenCommand } from '../../src/cli/token.ts';
import { tokenDigest } from '../../src/services/import/tokens.ts';
import { openStore } from '../../src/storage/db.ts';
import { INSURANCE_COLUMNS, RESIDENCE_COLUMNS, csvText, idn, residence, tempDir, writeFile } from './support.ts';

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = tempDir('jifen-cli-import-');
  vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
  vi.stubEnv('DATABASE_URL', '');
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('jifen import', () => {
  it('imports a file, prints the summary Chinese first, and exits 0', async () => {
    const f = writeFile(dir, 'police.csv', csvText(RESIDENCE_COLUMNS, [residence(1), residence(2)]));
    expect(await importCommand(['residence', f])).toBe(0);
    const text = out.join('');
    expect(text).toContain(`导入完成:居住登记 ${f}`);
    expect(text).toContain('共 2 行:新增或更新 2 行,无变化 0 行,拒收 0 行');
    expect(text).toContain(`Imported residence ${f}: 2 rows, 2 applied, 0 unchanged, 0 rejected`);
    expect(text.indexOf('导入完成')).toBeLessThan(text.indexOf('Imported'));
    expect(text).not.toContain('拒收清单');
    const store = await openStore({ dataDir: path.join(dir, 'data') });
    expect(await store.db.selectFrom('residence_period').select('id').execute()).toHaveLength(2);
    await store.close();
  });

  it('exits 0 with rejects, saying where the report is, and never prints an ID number', async () => {
    await importCommand(['residence', writeFile(dir, 'p.csv', csvText(RESIDENCE_COLUMNS, [residence(1)]))]);
    out = [];
    const f = writeFile(dir, 'si.csv', csvText(INSURANCE_COLUMNS, [{ id_number: idn(1), month: '2020-01', scheme: 'pension' }, { id_number: idn(2), month: '2020-01', scheme: 'pension' }]));
    expect(await importCommand(['insurance', f, '--chunk', '1'])).toBe(0);
    const text = out.join('') + err.join('');
    expect(text).toContain(`拒收清单(可用 Excel/WPS 打开):${f}.rejects.csv`);
    expect(text).toContain(`rejects report: ${f}.rejects.csv`);
    expect(text).not.toContain(idn(1));
    expect(text).not.toContain(idn(2));
    expect(fs.existsSync(`${f}.rejects.csv`)).toBe(true);
  });

  it('exits 2 for a wrong command line', async () => {
    const f = writeFile(dir, 'x.csv', 'a\n');
    expect(await importCommand([])).toBe(2);
    expect(await importCommand(['pets', f])).toBe(2);
    expect(err.join('')).toContain('未知的类型 / unknown kind "pets"');
    expect(await importCommand(['residence'])).toBe(2);
    expect(await importCommand(['residence', f, 'extra'])).toBe(2);
    expect(await importCommand(['residence', f, '--chunk', '0'])).toBe(2);
    expect(await importCommand(['residence', f, '--chunk', 'many'])).toBe(2);
    expect(await importCommand(['residence', f, '--bogus'])).toBe(2);
  });

  it('exits 2 for an unreadable or malformed file, and 0 for --help', async () => {
    expect(await importCommand(['residence', path.join(dir, 'missing.csv')])).toBe(2);
    expect(err.join('')).toContain('无法读取文件');
    expect(await importCommand(['residence', dir])).toBe(2);
    expect(await importCommand(['residence', writeFile(dir, 'bad.csv', 'record_id,who\nR1,x\n')])).toBe(2);
    expect(err.join('')).toContain('表头缺少列');
    expect(await importCommand(['--help'])).toBe(0);
  });

  it('prints plain progress lines on a stderr that is not a terminal', async () => {
    const f = writeFile(dir, 'many.csv', csvText(RESIDENCE_COLUMNS, Array.from({ length: 30 }, (_, i) => residence(i + 1))));
    expect(await importCommand(['residence', f, '--chunk', '10'])).toBe(0);
    expect(err.join('')).toMatch(/导入中 importing: \d+% \(\d+ 行 rows\)/);
  });
});

describe('jifen token', () => {
  it('creates a token, printing it once on stdout and storing only its digest; lists and revokes it', async () => {
    expect(await tokenCommand(['create', '社保系统', '--scope', 'import:insurance,import:residence'])).toBe(0);
    const token = out.join('').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(err.join('')).toContain('只显示这一次');
    const store = await openStore({ dataDir: path.join(dir, 'data') });
    const rows = await store.db.$extendTables<{ api_token: { token_sha256: string; scopes: string } }>().selectFrom('api_token').select(['token_sha256', 'scopes']).execute();
    await store.close();
    expect(rows).toEqual([{ token_sha256: tokenDigest(token), scopes: 'import:insurance,import:residence' }]);

    out = [];
    expect(await tokenCommand(['list'])).toBe(0);
    expect(out.join('')).toMatch(/^1\t社保系统\timport:insurance,import:residence\t.+\t有效 active\n$/);
    expect(out.join('')).not.toContain(token);
    expect(await tokenCommand(['revoke', '1'])).toBe(0);
    expect(await tokenCommand(['revoke', '1'])).toBe(2);
  });

  it('exits 2 for a missing name or scope, an unknown scope or subcommand', async () => {
    expect(await tokenCommand(['create', '--scope', 'import:residence'])).toBe(2);
    expect(await tokenCommand(['create', 'x'])).toBe(2);
    expect(await tokenCommand(['create', 'x', '--scope', 'admin'])).toBe(2);
    expect(await tokenCommand(['rotate'])).toBe(2);
    expect(await tokenCommand([])).toBe(2);
    expect(await tokenCommand(['revoke', 'abc'])).toBe(2);
  });
});
