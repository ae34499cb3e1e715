/** `jifen staff create` and `jifen staff password`: generated passwords that work once shown, and a reset that unlocks. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthService } from '../../src/services/auth.ts';
import { openStore } from '../../src/storage/db.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('jifen staff', () => {
  it('creates an account whose printed password signs in, and a reset replaces it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-staffcli-'));
    const env = { ...process.env, DATA_DIR: dir };
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/jifen.js'), ...args], { encoding: 'utf8', env });
    const created = run('staff', 'create', 'gongshu', '--role', 'district', '--district', '330105', '--name', '拱墅区流动人口办');
    expect(created.status, created.stderr).toBe(0);
    const first = /: (\S+)\n$/.exec(created.stdout)![1]!;
    expect(run('staff', 'create', 'nodistrict', '--role', 'district').status).toBe(2);
    const reset = run('staff', 'password', 'gongshu');
    expect(reset.status, reset.stderr).toBe(0);
    const second = /: (\S+)\n$/.exec(reset.stdout)![1]!;
    expect(second).not.toBe(first);

    const store = await openStore({ dataDir: dir });
    try {
      const auth = new AuthService({ staff: new StaffRepository(store.db), now: () => new Date() });
      await expect(auth.signIn('gongshu', first, 'test')).rejects.toThrow();
      const s = await auth.signIn('gongshu', second, 'test');
      expect(s.user).toMatchObject({ role: 'district', district: '330105', displayName: '拱墅区流动人口办' });
    } finally {
      await store.close();
    }
  });
});
