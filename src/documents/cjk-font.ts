/**
 * Chinese text in generated PDFs. The font is Noto Sans SC (SIL Open Font License) from the
 * `@fontsource/noto-sans-sc` package: no CJK font can be assumed on a server (this machine has none),
 * and a name may hold any character, so a fixed subset shipped with the code would not do.
 *
 * The package slices the font for the web: one "chinese-simplified" file (the common characters), a
 * "latin" file, and about a hundred numbered slices whose code-point ranges are listed in its
 * `unicode.json`. A text is split into runs, each set in the first slice that has every glyph of the
 * run: the common file, then latin, then the numbered slice whose range holds the character. The WOFF
 * (zlib) files are used, not WOFF2: fontkit's subsetter re-encodes WOFF2 glyphs badly (a 5-glyph subset
 * came out at 66 KB against 0.7 KB from WOFF). Each file is unpacked once per process into a plain
 * OpenType font with node's zlib: fontkit reads a WOFF table by inflating it again in JavaScript on
 * every access, which made one notice take 9 s; unpacked, it takes tens of milliseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';

export type Weight = 400 | 700;

/**
 * One slice of the font as pdfkit registers it: a name unique per slice and weight, and the parsed
 * font. The parsed font is shared by every document of the process: parsing its layout tables costs
 * seconds, reading them again costs nothing.
 */
export interface FontSlice {
  name: string;
  font: fontkit.Font;
}

export interface Run {
  font: FontSlice;
  text: string;
}

interface LoadedSlice extends FontSlice {
  has(codePoint: number): boolean;
}

const packageDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/LICENSE'));

/** [first, last, slice key] ranges of the numbered slices, sorted by first code point. */
let ranges: [number, number, string][] | null = null;
function sliceRanges(): [number, number, string][] {
  if (ranges !== null) return ranges;
  const table = JSON.parse(readFileSync(join(packageDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const out: [number, number, string][] = [];
  for (const [key, spec] of Object.entries(table)) {
    const m = /^\[(\d+)\]$/.exec(key);
    if (m === null) continue; // the named slices (latin, cyrillic, …) are looked up by name
    for (const part of spec.split(',')) {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
      const first = parseInt(a!, 16);
      out.push([first, b === undefined ? first : parseInt(b, 16), m[1]!]);
    }
  }
  ranges = out.sort((x, y) => x[0] - y[0]);
  return ranges;
}

function numberedSliceOf(cp: number): string | null {
  const list = sliceRanges();
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last, key] = list[mid]!;
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else return key;
  }
  return null;
}

/**
 * WOFF 1.0 (W3C) → the OpenType font it wraps: the header's flavour, a table directory, and each table
 * inflated where it was compressed, 4-byte aligned. Checksums are carried over from the WOFF directory.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error(`WOFF table ${i} inflates to ${data.length} bytes, not ${origLength}`);
    return { tag, checksum, data };
  });
  const pow2 = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(pow2 * 16, 6);
  header.writeUInt16BE(Math.log2(pow2), 8);
  header.writeUInt16BE(numTables * 16 - pow2 * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    header.writeUInt32BE(t.tag, 12 + i * 16);
    header.writeUInt32BE(t.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = (t.data.length + 3) & ~3;
    parts.push(t.data, Buffer.alloc(padded - t.data.length));
    offset += padded;
  });
  return Buffer.concat(parts);
}

const loaded = new Map<string, LoadedSlice | null>();
function slice(key: string, weight: Weight): LoadedSlice | null {
  const name = `NotoSansSC-${key}-${weight}`;
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  let out: LoadedSlice | null;
  try {
    const bytes = woffToSfnt(readFileSync(join(packageDir, 'files', `noto-sans-sc-${key}-${weight}-normal.woff`)));
    const font = fontkit.create(bytes) as fontkit.Font;
    out = { name, font, has: (cp) => font.hasGlyphForCodePoint(cp) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    out = null; // a slice the package does not ship at this weight
  }
  loaded.set(name, out);
  return out;
}

/** The slice that draws this character, or null when no slice has it (drawn as the common file's blank). */
function sliceFor(cp: number, weight: Weight): LoadedSlice | null {
  for (const key of ['chinese-simplified', 'latin']) {
    const s = slice(key, weight);
    if (s?.has(cp)) return s;
  }
  const key = numberedSliceOf(cp);
  const s = key === null ? null : slice(key, weight);
  return s?.has(cp) ? s : null;
}

/**
 * Splits a text into runs, each in one font slice. Spaces and line breaks stay with the run they are in,
 * so a run of Chinese with spaces between numbers is one run.
 */
export function runs(text: string, weight: Weight = 400): Run[] {
  const common = slice('chinese-simplified', weight);
  if (common === null) throw new Error(`the Noto Sans SC font files are missing from ${packageDir}`);
  const out: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const last = out.at(-1);
    if (last !== undefined && (cp === 0x20 || cp === 0x0a)) {
      last.text += ch;
      continue;
    }
    const font = sliceFor(cp, weight) ?? common;
    if (last !== undefined && last.font === font) last.text += ch;
    else out.push({ font, text: ch });
  }
  return out;
}

/** Characters of a text that no slice can draw (shown as blanks in the PDF), for the caller to report. */
export function missingGlyphs(text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20 && sliceFor(cp, 400) === null) out.add(ch);
  }
  return [...out];
}
