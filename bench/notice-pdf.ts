/**
 * Admission notices as PDFs (src/documents/notice.ts): how many a server writes per second on one
 * core, and how large they are, against the obvious way of doing the same in the same run — pdfkit
 * handed the font's WOFF files as they are shipped, registered per document. That baseline is what
 * the first version did: fontkit re-inflates a WOFF table in JavaScript on every read, so each
 * notice took seconds; ours unpacks each file once per process (node's zlib) and keeps the parsed
 * fonts. Both must produce the same text (read back with pdf.js) before anything is timed.
 *
 * Command: `npx tsx bench/notice-pdf.ts [ROUNDS]` (default 5). Notices for 200 made-up people
 * (names drawn from common and rarer characters, 0–3 family members); the baseline does one notice
 * per pass, it is that slow.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { noticePdf, noticeText } from '../src/documents/notice.ts';
import type { Notice } from '../src/services/settlement.ts';
import { readPdf } from '../test/support/pdf.ts';
import { machine } from './lib/machine.ts';
import { interleaved } from './lib/measure.ts';
import { Rng } from './lib/prng.ts';

const ROUNDS = Number(process.argv[2] ?? 5);
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强玉兰淑珍喆堃燚犇鑫淼焱垚昊昕翀䲣丏乀';

function notices(n: number): Notice[] {
  const rng = new Rng(20261201);
  const pick = (s: string): string => [...s][rng.int(0, [...s].length - 1)]!;
  return Array.from({ length: n }, (_, i) => {
    const family = Array.from({ length: rng.int(0, 3) }, (_, k) => ({
      relation: k === 0 ? ('spouse' as const) : ('child' as const),
      name: pick(SURNAMES) + pick(GIVEN) + (rng.int(0, 1) ? pick(GIVEN) : ''),
      idNumber: `330106********${String(1000 + i * 4 + k).slice(-4)}`,
      documents: k === 0 ? ['结婚证', '身份证'] : ['出生医学证明', '户口簿'],
    }));
    return {
      noticeNo: `JF0007-${String(i + 1).padStart(6, '0')}`,
      roundName: '2024年12月积分落户',
      name: pick(SURNAMES) + pick(GIVEN) + pick(GIVEN),
      idNumber: `330106********${String(2000 + i).slice(-4)}`,
      points: 100 + rng.int(0, 12000) / 100,
      position: i + 1,
      validFrom: '2024-12-16',
      validTo: '2025-03-15',
      issuedAt: '2024-12-10T02:00:00.000Z',
      status: 'valid',
      family,
      documents: ['身份证', '居住证', '户口簿'],
    };
  });
}

const files = join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/LICENSE')), 'files');
const woff = (slice: string): Buffer => readFileSync(join(files, `noto-sans-sc-${slice}-400-normal.woff`));
const COMMON = woff('chinese-simplified');

/** The baseline: one document, the common slice registered from its WOFF bytes, the same paragraphs. */
function naive(n: Notice): Promise<Buffer> {
  const t = noticeText(n);
  const doc = new PDFDocument({ size: 'A4', margin: 56.7 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  doc.registerFont('sc', COMMON).font('sc');
  doc.fontSize(20).text(t.title, { align: 'center' });
  doc.fontSize(12);
  for (const line of [t.number, t.addressee, t.admission, t.validity.join(''), ...t.family.map((r) => r.join(' ')), t.status, t.issued]) doc.text(line);
  doc.end();
  return done;
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

async function main(): Promise<void> {
  const list = notices(200);
  const m = machine('src/documents');
  console.log(`notice-pdf: ${list.length} notices, ${ROUNDS} interleaved rounds; ${m.date}; ${m.cpu} ×${m.cores}; ${m.node}; load ${m.load}; ${m.revision}`);

  // Gate: the same words come out of both (names with a character outside the common slice aside:
  // the baseline has only the common slice, so it is checked on a name the common slice has).
  const plain: Notice = { ...list[0]!, name: '王伟明', family: [] };
  const ours = squeeze((await readPdf(await noticePdf(plain))).text.join(''));
  const theirs = squeeze((await readPdf(await naive(plain))).text.join(''));
  for (const line of [noticeText(plain).addressee, noticeText(plain).admission]) {
    if (!ours.includes(squeeze(line)) || !theirs.includes(squeeze(line))) throw new Error(`the two PDFs do not say: ${line}`);
  }
  const sizes = await Promise.all(list.map((n) => noticePdf(n).then((b) => b.length)));
  sizes.sort((a, b) => a - b);

  let next = 0;
  const figures = await interleaved(
    [
      { name: 'noticePdf (unpacked once, fonts kept)', pass: async () => (await Promise.all(list.map((n) => noticePdf(n)))).reduce((s, b) => s + b.length, 0) },
      { name: 'pdfkit with the WOFF bytes, per document', pass: async () => (await naive(list[next++ % list.length]!)).length },
    ],
    { itemsPerPass: 1, warmupMs: 1, roundMs: 1, rounds: ROUNDS },
  );
  // itemsPerPass differs: ours makes list.length notices a pass.
  const rate = [figures[0]!.median * list.length, figures[1]!.median];
  console.log('\n| contender | notices/s (median) | ms per notice |\n| --- | ---: | ---: |');
  figures.forEach((f, i) => console.log(`| ${f.name} | ${rate[i]!.toFixed(1)} | ${(1000 / rate[i]!).toFixed(1)} |`));
  console.log(`\nsize of a notice: median ${(sizes[sizes.length >> 1]! / 1024).toFixed(1)} KiB, largest ${(sizes.at(-1)! / 1024).toFixed(1)} KiB; ×${(rate[0]! / rate[1]!).toFixed(0)} faster; load after ${machine('src/documents').load}`);
}

await main();
