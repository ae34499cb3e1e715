/**
 * Reads a PDF back the way a reader does: pdf.js (Mozilla's, the viewer of Firefox) parses the file
 * and returns each page's text from the embedded fonts' ToUnicode maps, so a test sees what a person
 * would copy out of the document — and nothing when a font was not embedded properly.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfRead {
  pages: number;
  /** Each page's text, pieces joined without separators (pdf.js splits lines and font runs). */
  text: string[];
  /** The document's title from its information dictionary. */
  title: string | null;
}

export async function readPdf(bytes: ArrayBuffer | Uint8Array): Promise<PdfRead> {
  const data = bytes instanceof Uint8Array ? new Uint8Array(bytes) : new Uint8Array(bytes);
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const text: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: string };
    return { pages: doc.numPages, text, title: info.Title ?? null };
  } finally {
    await doc.destroy();
  }
}
