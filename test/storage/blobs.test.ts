/** The local content-addressed blob store: where blobs go, deduplication, atomic writes, and names it refuses. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../src/storage/blobs.ts';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('LocalBlobStore', () => {
  let dir: string;
  let store: LocalBlobStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-blobs-'));
    store = new LocalBlobStore(path.join(dir, 'evidence'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores a blob at ab/cd/<sha256> and gives back exactly its bytes', async () => {
    const bytes = new TextEncoder().encode('证明材料 evidence');
    const put = await store.put(bytes);
    expect(put).toEqual({ sha256: sha(bytes), size: bytes.byteLength });
    const h = put.sha256;
    expect(filesUnder(path.join(dir, 'evidence'))).toEqual([path.join(h.slice(0, 2), h.slice(2, 4), h)]);
    expect(Buffer.from((await store.get(h))!)).toEqual(Buffer.from(bytes));
    expect(await store.has(h)).toBe(true);
  });

  it('keeps one file for the same content however often and however concurrently it is stored, and leaves no temporary files', async () => {
    const bytes = new Uint8Array(256 * 1024).map((_, i) => i % 251);
    const puts = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(puts.map((p) => p.sha256)).size).toBe(1);
    await store.put(bytes);
    expect(filesUnder(path.join(dir, 'evidence'))).toHaveLength(1);
    await store.put(new Uint8Array([1, 2, 3]));
    expect(filesUnder(path.join(dir, 'evidence'))).toHaveLength(2);
  });

  it('answers undefined and false for content it does not hold', async () => {
    const absent = sha(new Uint8Array([9]));
    expect(await store.get(absent)).toBeUndefined();
    expect(await store.has(absent)).toBe(false);
  });

  it('refuses any name that is not a lower-case hex SHA-256, so no path can be made from it', async () => {
    const h = (await store.put(new Uint8Array([7]))).sha256;
    for (const bad of ['../../etc/passwd', h.toUpperCase(), h.slice(1), `${h}0`, `${h.slice(0, 63)}/`, '', `${h.slice(0, 62)}..`]) {
      await expect(store.get(bad), bad).rejects.toThrow(/SHA-256/);
      await expect(store.has(bad), bad).rejects.toThrow(/SHA-256/);
    }
  });

  it('refuses to hand out a blob whose file no longer matches its hash', async () => {
    const h = (await store.put(new TextEncoder().encode('original'))).sha256;
    fs.writeFileSync(store.pathOf(h), 'tampered');
    await expect(store.get(h)).rejects.toThrow(/damaged/);
  });

  it('a temporary file left by a crash is not taken for the blob', async () => {
    const bytes = new TextEncoder().encode('half written');
    const h = sha(bytes);
    const shard = path.dirname(store.pathOf(h));
    fs.mkdirSync(shard, { recursive: true });
    fs.writeFileSync(path.join(shard, `.${h}.crashed.tmp`), 'half');
    expect(await store.has(h)).toBe(false);
    await store.put(bytes);
    expect(Buffer.from((await store.get(h))!).toString()).toBe('half written');
  });
});
