/**
 * The admission notice as a PDF with its Chinese text embedded: read back with pdf.js, the text is
 * what the printable page says (one wording for both), names in any slice of the font come out, a
 * character the font lacks is named on the notice instead of silently blank, and the WOFF unpacking
 * gives back the font it wraps.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { missingGlyphs, runs, woffToSfnt } from '../../src/documents/cjk-font.ts';
import { noticeHtml, noticePdf, noticeText } from '../../src/documents/notice.ts';
import type { Notice } from '../../src/services/settlement.ts';
import { readPdf } from '../support/pdf.ts';

const notice = (over: Partial<Notice> = {}): Notice => ({
  noticeNo: 'JF0007-000012',
  roundName: '2024年12月积分落户',
  name: '欧阳堃',
  idNumber: '330106********1234',
  points: 135.5,
  position: 12,
  validFrom: '2024-12-16',
  validTo: '2025-03-15',
  issuedAt: '2024-12-10T02:00:00.000Z',
  status: 'valid',
  family: [
    { relation: 'spouse', name: '李四', idNumber: '330106********5678', documents: ['结婚证', '身份证'] },
    { relation: 'child', name: '欧阳小明', idNumber: '330106********0012', documents: ['出生医学证明', '户口簿'] },
  ],
  documents: ['身份证', '居住证', '户口簿'],
  ...over,
});

/** pdf.js may split a line into pieces with spaces between CJK characters: compare without spaces. */
const squeeze = (s: string): string => s.replace(/\s+/g, '');

describe('the admission notice as a PDF', () => {
  it('carries the same wording as the printable page, readable as text', async () => {
    const n = notice();
    const pdf = await noticePdf(n);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const read = await readPdf(pdf);
    expect(read.pages).toBe(1);
    expect(read.title).toBe('杭州市积分落户准入通知书 JF0007-000012');
    const text = squeeze(read.text[0]!);
    const t = noticeText(n);
    for (const line of [t.title, t.number, t.addressee, t.admission, t.validity.join(''), t.status, t.issued]) expect(text).toContain(squeeze(line));
    for (const cell of [...t.familyHeader, ...t.family.flat()]) expect(text).toContain(squeeze(cell));
    expect(text).toContain('2025年3月15日');
    expect(text).not.toContain('注:');
    // The page says the same, and links to the PDF when asked to.
    const html = noticeHtml(n, '/x/notice.pdf');
    expect(html).toContain(t.admission);
    expect(html).toContain('href="/x/notice.pdf"');
    expect(noticeHtml(n)).not.toContain('.pdf');
  });

  it('embeds subsets, not whole fonts: a notice is small', async () => {
    const pdf = await noticePdf(notice());
    expect(pdf.length).toBeLessThan(120_000);
  });

  it('shows the state of the notice: moved and forfeited notices say so', async () => {
    for (const [status, words] of [
      ['moved', '已办理迁移落户'],
      ['forfeited', '已逾期(视作放弃)'],
    ] as const) {
      const read = await readPdf(await noticePdf(notice({ status, family: [] })));
      const text = squeeze(read.text[0]!);
      expect(text).toContain(squeeze(`本通知书状态:${words}`));
      expect(text).toContain('随迁人员:无');
    }
  });

  it('sets a rare character of a name from the slice that has it, and names one no slice has', async () => {
    // 䲣 (U+4CA3) is not in the common slice but in a numbered one: set from there, it comes out as text.
    expect(runs('王䲣').map((r) => r.font.name)).toEqual(['NotoSansSC-chinese-simplified-400', 'NotoSansSC-85-400']);
    const rare = notice({ name: '王䲣', family: [] });
    expect(squeeze((await readPdf(await noticePdf(rare))).text[0]!)).toContain('王䲣(身份证号');
    // U+2003E (CJK Extension B) is in no slice of Noto Sans SC: the notice says so, in words.
    const none = '\u{2003E}';
    expect(missingGlyphs(`王${none}`)).toEqual([none]);
    const text = squeeze((await readPdf(await noticePdf(notice({ name: `王${none}`, family: [] })))).text[0]!);
    expect(text).toContain(squeeze('注:有 1 个字(U+2003E)无法在本 PDF 中显示'));
  });

  it('splits text into runs of one slice each, keeping spaces with their run', () => {
    const parts = runs('积分 135.5 分 ABC');
    expect(parts.map((p) => p.text).join('')).toBe('积分 135.5 分 ABC');
    for (const p of parts) for (const ch of p.text.replaceAll(' ', '')) expect(p.font.font.hasGlyphForCodePoint(ch.codePointAt(0)!)).toBe(true);
  });
});

describe('WOFF unpacking', () => {
  it('gives back a font with the same glyphs and metrics as the WOFF file read directly', () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/LICENSE')), 'files');
    const woff = readFileSync(join(dir, 'noto-sans-sc-latin-400-normal.woff'));
    const direct = fontkit.create(woff) as fontkit.Font;
    const unpacked = fontkit.create(woffToSfnt(woff)) as fontkit.Font;
    expect(unpacked.numGlyphs).toBe(direct.numGlyphs);
    expect(unpacked.unitsPerEm).toBe(direct.unitsPerEm);
    const a = direct.layout('Hangzhou 2024');
    const b = unpacked.layout('Hangzhou 2024');
    expect(b.glyphs.map((g) => g.id)).toEqual(a.glyphs.map((g) => g.id));
    expect(b.advanceWidth).toBe(a.advanceWidth);
  });

  it('refuses what is not a WOFF file', () => {
    expect(() => woffToSfnt(Buffer.from('OTTO0000000000000000'))).toThrow('not a WOFF font');
  });
});
