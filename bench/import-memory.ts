/** Import memory: `npx tsx bench/import-memory.ts gen DIR`: writes DIR/insurance.csv (~1 GB) and DIR/mem.sqlite with its people; `npx tsx bench/import-memory.ts import DIR`: imports it, reporting memory. */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { openStore } from '../src/storage/db.ts';
import { runImport } from '../src/services/import/index.ts';
import { checkCharacter } from '../src/domain/id-number.ts';
const [mode, dir] = process.argv.slice(2) as [string, string];
const PERSONS = 200_000, MONTHS = 130;
const file = path.join(dir, 'insurance.csv');
if (mode === 'gen') {
  fs.mkdirSync(dir, { recursive: true });
  const id = (n: number) => { const f = `33010619${String(60 + (n % 40)).padStart(2, '0')}${String(1 + (Math.floor(n / 40) % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 480) % 28)).padStart(2, '0')}${String(Math.floor(n / 13440) % 1000).padStart(3, '0')}`; return f + checkCharacter(f); };
  const ids: string[] = Array.from({ length: PERSONS }, (_, i) => id(i));
  const out = fs.createWriteStream(file);
  out.write('id_number,month,scheme,back_paid,transferred_in\n');
  for (let m = 0; m < MONTHS; m++) {
    const mm = `${2010 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    let buf = '';
    for (let p = 0; p < PERSONS; p++) { buf += `${ids[p]},${mm},pension,0,0\n`; if (buf.length > 1 << 20) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; } }
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end(); await once(out, 'finish');
  const store = await openStore({ dataDir: dir, sqliteFile: 'mem.sqlite' });
  const at = new Date().toISOString();
  for (let i = 0; i < PERSONS; i += 3000) await store.db.insertInto('person').values(ids.slice(i, i + 3000).map((n) => ({ id_number: n, name: 'x', phone: null, birth_date: '1960-01-01', sex: 'male', urban_hukou: 0, full_civil_capacity: 1, created_at: at }))).execute();
  await store.close();
  console.log(`file ${(fs.statSync(file).size / 1e9).toFixed(3)} GB, ${PERSONS * MONTHS} rows`);
} else {
  const store = await openStore({ dataDir: dir, sqliteFile: 'mem.sqlite' });
  const rssBefore = process.memoryUsage().rss;
  let maxRss = rssBefore, maxHeap = 0;
  const t = performance.now();
  const s = await runImport(store, 'insurance', file, { writeRejectsFile: false, onProgress: () => { const m = process.memoryUsage(); maxRss = Math.max(maxRss, m.rss); maxHeap = Math.max(maxHeap, m.heapUsed); } });
  const secs = (performance.now() - t) / 1000;
  console.log(`imported ${s.lines} rows in ${secs.toFixed(0)} s (${Math.round(s.lines / secs)} rows/s), applied ${s.applied}`);
  console.log(`rss at start ${(rssBefore / 1e6).toFixed(0)} MB, max rss sampled ${(maxRss / 1e6).toFixed(0)} MB, max heap used ${(maxHeap / 1e6).toFixed(0)} MB, maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await store.close();
}
