/** `jifen org create`: an employer and its HR account whose printed password signs in; a bad credit code is refused with exit 2. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmployerAuthService } from '../../src/services/employer-auth.ts';
import { openStore } from '../../src/storage/db.ts';
import { OrganisationRepository } from '../../src/storage/repositories/organisations.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('jifen org', () => {
  it('creates an organisation and an account whose printed password signs in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-orgcli-'));
    const env = { ...process.env, DATA_DIR: dir };
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/jifen.js'), ...args], { encoding: 'utf8', env });
    const args = ['--name', '杭州示例科技有限公司', '--district', '330106', '--username', 'hr-cli', '--display-name', '人事', '--agent-id-number', '11010519491231002X'];
    const bad = run('org', 'create', ...args, '--credit-code', '91350100M000100Y44');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('creditCode');
    const created = run('org', 'create', ...args, '--credit-code', '91350100M000100Y43');
    expect(created.status, created.stderr).toBe(0);
    const password = /: (\S+)\n$/.exec(created.stdout)![1]!;
    expect(run('org', 'create', ...args, '--credit-code', '91350100M000100Y43').status).toBe(2);

    const store = await openStore({ dataDir: dir });
    try {
      const s = await new EmployerAuthService({ organisations: new OrganisationRepository(store.db), now: () => new Date() }).signIn('hr-cli', password, 'test');
      expect(s.user).toMatchObject({ organisationName: '杭州示例科技有限公司', username: 'hr-cli', agentIdNumber: '110105********002X' });
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
