/**
 * The admission notice (准入通知书) of a settlement round, in two forms with one wording: a printable
 * HTML page (A4 print CSS, no scripts) and a PDF with the Chinese text embedded (Noto Sans SC slices,
 * see cjk-font.ts), so that it prints the same on any machine and can be kept or sent on. The
 * paragraphs are written once, here; both forms set the same strings.
 */
import PDFDocument from 'pdfkit';
import { chineseDate } from '../rules/dates.ts';
import type { Notice } from '../services/settlement.ts';
import { missingGlyphs, runs, type FontSlice, type Weight } from './cjk-font.ts';

const RELATION_ZH = { spouse: '配偶', child: '子女' } as const;
const STATUS_ZH = { valid: '有效', moved: '已办理迁移落户', forfeited: '已逾期(视作放弃)' } as const;
const NOTICE_TITLE = '杭州市积分落户准入通知书';


/** The notice's wording, as plain strings: the one source of both the page and the PDF. */
export function noticeText(n: Notice) {
  return {
    title: NOTICE_TITLE,
    number: `编号:${n.noticeNo}`,
    addressee: `${n.name}(身份证号 ${n.idNumber}):`,
    admission: `您在“${n.roundName}”中积分 ${n.points} 分,排名第 ${n.position} 位,经公示无异议,准予在杭州市区落户。`,
    validity: [
      '请于 ',
      chineseDate(n.validFrom),
      ' 至 ',
      chineseDate(n.validTo),
      ` 期间,持本通知书及${n.documents.join('、')}到落户地公安派出所办理迁移落户手续。逾期不办理的,视作放弃。`,
    ] as const,
    familyHeader: ['关系', '姓名', '身份证号', '须携带材料'] as const,
    family: n.family.map((m) => [RELATION_ZH[m.relation], m.name, m.idNumber, m.documents.join('、')] as const),
    noFamily: '随迁人员:无',
    status: `本通知书状态:${STATUS_ZH[n.status]}`,
    issued: `签发时间:${n.issuedAt.slice(0, 10)}`,
  };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The printable page. */
export function noticeHtml(n: Notice, pdfHref?: string): string {
  const t = noticeText(n);
  const family =
    t.family.length === 0
      ? `<p>${esc(t.noFamily)}</p>`
      : `<table><thead><tr>${t.familyHeader.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${t.family
          .map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  const [before, from, between, to, after] = t.validity;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(t.title)} ${esc(n.noticeNo)}</title>
<style>
body{font-family:"Songti SC","SimSun","Noto Serif CJK SC",serif;max-width:720px;margin:2rem auto;line-height:1.8;color:#000}
h1{text-align:center;font-size:1.6rem;letter-spacing:.2em}
.no{text-align:right}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:.2rem .4rem;text-align:left}
.status{font-weight:bold}
a{color:#0645ad}
@media print{@page{size:A4;margin:2cm}body{margin:0;max-width:none}.noprint{display:none}}
</style></head><body>
<h1>${esc(t.title)}</h1>
<p class="no">${esc(t.number)}</p>
<p>${esc(t.addressee)}</p>
<p>${esc(t.admission)}</p>
<p>${esc(before)}<strong>${esc(from)}</strong>${esc(between)}<strong>${esc(to)}</strong>${esc(after)}</p>
${family}
<p class="status">${esc(t.status)}</p>
<p class="no">${esc(t.issued)}</p>
<p class="noprint"><small>打印本页:使用浏览器的“打印”功能。${pdfHref === undefined ? '' : `<a href="${esc(pdfHref)}">下载 PDF 版</a>`}</small></p>
</body></html>`;
}

// -- PDF -------------------------------------------------------------------------------------

type Doc = InstanceType<typeof PDFDocument>;
const A4_MARGIN = 56.7; // 2 cm, as the page's print CSS

/** Selects a slice in the document, registering it the first time. */
function use(doc: Doc, registered: Set<string>, font: FontSlice): void {
  if (!registered.has(font.name)) {
    // pdfkit takes a parsed fontkit font as well as bytes (PDFFontFactory.open); its types say bytes only.
    doc.registerFont(font.name, font.font as unknown as Buffer);
    registered.add(font.name);
  }
  doc.font(font.name);
}

/** Sets one text in as many font slices as it needs, as one flowing paragraph. */
function write(doc: Doc, registered: Set<string>, text: string, options: PDFKit.Mixins.TextOptions & { weight?: Weight; at?: { x: number; y: number } } = {}): void {
  const { weight = 400, at, ...opts } = options;
  const parts = runs(text, weight);
  parts.forEach((r, i) => {
    use(doc, registered, r.font);
    const o = { ...opts, continued: i < parts.length - 1 };
    if (i === 0 && at !== undefined) doc.text(r.text, at.x, at.y, o);
    else doc.text(r.text, o);
  });
}

/** The notice as a PDF (A4), its text extractable (each slice carries its ToUnicode map). */
export function noticePdf(n: Notice): Promise<Buffer> {
  const t = noticeText(n);
  const issued = new Date(n.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: A4_MARGIN,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: `${t.title} ${n.noticeNo}`, Author: '杭州市流动人口服务管理', Subject: t.title, CreationDate: issued, ModDate: issued },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const reg = new Set<string>();
  const width = doc.page.width - 2 * A4_MARGIN;
  const left = A4_MARGIN;

  doc.fontSize(20);
  write(doc, reg, t.title, { align: 'center', characterSpacing: 4, weight: 700 });
  doc.moveDown(0.8).fontSize(11);
  write(doc, reg, t.number, { align: 'right' });
  doc.moveDown(0.8).fontSize(12);
  write(doc, reg, t.addressee, { lineGap: 6 });
  doc.moveDown(0.4);
  write(doc, reg, t.admission, { indent: 24, lineGap: 6 });
  doc.moveDown(0.4);
  write(doc, reg, t.validity.join(''), { indent: 24, lineGap: 6 });
  doc.moveDown(0.8);

  if (t.family.length === 0) write(doc, reg, t.noFamily);
  else {
    const cols = [0.12, 0.16, 0.3, 0.42].map((f) => f * width);
    const pad = 4;
    const row = (cells: readonly string[], weight: Weight): void => {
      doc.fontSize(10.5);
      const y = doc.y;
      // Measured in each cell's first slice: the cells are short, and a row is never split over a page.
      const h =
        Math.max(
          ...cells.map((c, i) => {
            use(doc, reg, runs(c === '' ? '字' : c, weight)[0]!.font);
            return doc.heightOfString(c, { width: cols[i]! - 2 * pad });
          }),
        ) +
        2 * pad;
      if (y + h > doc.page.height - A4_MARGIN) doc.addPage();
      const top = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        doc.rect(x, top, cols[i]!, h).stroke();
        write(doc, reg, c, { at: { x: x + pad, y: top + pad }, width: cols[i]! - 2 * pad, weight });
        x += cols[i]!;
      });
      doc.x = left;
      doc.y = top + h;
    };
    row(t.familyHeader, 700);
    for (const r of t.family) row(r, 400);
  }
  // A rare character of a name the font lacks is drawn blank; the notice says so instead of hiding it.
  const missing = missingGlyphs([n.name, n.roundName, ...n.family.map((m) => m.name)].join(''));
  if (missing.length > 0) {
    doc.moveDown(0.8).fontSize(10);
    // Named by code point: the character itself cannot be drawn either.
    const codes = missing.map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`).join('、');
    write(doc, reg, `注:有 ${missing.length} 个字(${codes})无法在本 PDF 中显示,以户籍登记为准;可使用网页版通知书打印。`, { at: { x: left, y: doc.y }, width });
  }
  doc.moveDown(1).fontSize(12);
  write(doc, reg, t.status, { weight: 700, at: { x: left, y: doc.y } });
  doc.moveDown(0.6);
  write(doc, reg, t.issued, { align: 'right', width, at: { x: left, y: doc.y } });
  doc.end();
  return done;
}
