/** The names evidence is kept under, and the checks of a file's type by its bytes. */
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { MAX_NAME_LENGTH, sanitiseName, typeOf } from './evidence.ts';

describe('sanitiseName', () => {
  it('keeps only the last path component, without control characters or quotes', () => {
    expect(sanitiseName('C:\\Users\\张三\\Desktop\\学位证.pdf', 'pdf')).toBe('学位证.pdf');
    expect(sanitiseName('../../etc/"passwd"\u0000.png', 'png')).toBe('passwd.png');
  });

  it('removes a right-to-left override, so "gpj.exe" cannot pass for "exe.jpg"', () => {
    expect(sanitiseName('photo\u202Egpj.exe', 'jpg', ['jpg', 'jpeg'])).toBe('photogpj.exe.jpg');
  });

  it("ends in an extension of the bytes' type, keeping its own spelling in lower case", () => {
    expect(sanitiseName('scan.JPEG', 'jpg', ['jpg', 'jpeg'])).toBe('scan.jpeg');
    expect(sanitiseName('scan.pdf', 'png', ['png'])).toBe('scan.pdf.png');
    expect(sanitiseName('', 'pdf')).toBe('material.pdf');
    expect(sanitiseName('..', 'pdf')).toBe('material.pdf');
  });

  it(`cuts a long name to ${MAX_NAME_LENGTH} characters, keeping the extension`, () => {
    const name = sanitiseName(`${'证'.repeat(500)}.pdf`, 'pdf');
    expect([...name]).toHaveLength(MAX_NAME_LENGTH);
    expect(name.endsWith('证.pdf')).toBe(true);
  });
});

describe('typeOf', () => {
  const refusal = async (bytes: Uint8Array, name: string): Promise<string> => {
    try {
      await typeOf(bytes, name);
    } catch (e) {
      if (e instanceof AppError) return e.text['zh-CN'];
      throw e;
    }
    throw new Error('accepted');
  };

  it('accepts a PDF with its end marker and refuses one cut off before it', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    expect((await typeOf(pdf, 'a.pdf')).mime).toBe('application/pdf');
    expect(await refusal(pdf.subarray(0, 20), 'a.pdf')).toContain('文件不完整');
  });

  it('refuses a PNG without its IEND chunk and a JPEG without its end-of-image marker', async () => {
    expect(await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 'a.png')).toContain('文件不完整');
    expect(await refusal(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), 'a.jpg')).toContain('文件不完整');
  });
});
