/**
 * `jifen import <kind> FILE [--chunk N] [--lang en]`: one source-system file into the database, with
 * a progress bar on stderr (a plain line every few seconds when stderr is not a terminal) and a
 * summary on stdout, Chinese first. Exit 0 when the file was processed, rejects or not (the summary
 * says where the rejects report is); 2 for a wrong command line, an unreadable or malformed file, or
 * bad settings; 1 when the database fails (the committed chunks stay; run it again to resume).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig } from '../config.ts';
import type { Locale } from '../rules/index.ts';
import { AppError } from '../services/errors.ts';
import { DEFAULT_CHUNK_LINES, KINDS, isImportKind, runImport, type ImportKind, type ImportSummary } from '../services/import/index.ts';
import { openStore } from '../storage/db.ts';

export const IMPORT_USAGE = `用法 / usage:
  jifen import residence FILE.csv|FILE.jsonl [--chunk N]   居住登记 / police residence registrations
  jifen import permits   FILE.csv|FILE.jsonl [--chunk N]   居住证及签注 / residence permits and endorsements
  jifen import insurance FILE.csv|FILE.jsonl [--chunk N]   社保缴费 / social-insurance months

  --chunk N   每 N 行一个事务 (默认 ${DEFAULT_CHUNK_LINES}) / rows per transaction (default ${DEFAULT_CHUNK_LINES})
  文件格式见 / file formats: docs/import-formats.md`;

const KIND_ZH: Record<ImportKind, string> = { residence: '居住登记', permits: '居住证及签注', insurance: '社保缴费' };

const PLAIN_EVERY_MS = 5000;

interface Progress {
  update(bytesRead: number, bytesTotal: number, rows: number): void;
  stop(): void;
}

function progressOnStderr(): Progress {
  if (process.stderr.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update(bytesRead, bytesTotal, rows) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream: process.stderr,
              format: '导入 importing [{bar}] {percentage}% | {rows} 行 rows | {eta_formatted}',
              hideCursor: true,
              etaBuffer: 20,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(bytesTotal, 1), 0, { rows: 0 });
        }
        bar.update(Math.min(bytesRead, bytesTotal), { rows });
      },
      stop() {
        bar?.stop();
      },
    };
  }
  let last = 0;
  return {
    update(bytesRead, bytesTotal, rows) {
      const t = Date.now();
      if (t - last < PLAIN_EVERY_MS) return;
      last = t;
      const pct = bytesTotal > 0 ? Math.min(100, Math.floor((bytesRead / bytesTotal) * 100)) : 100;
      process.stderr.write(`导入中 importing: ${pct}% (${rows} 行 rows)\n`);
    },
    stop() {},
  };
}

function printSummary(s: ImportSummary): void {
  const zh = [
    `导入完成:${KIND_ZH[s.kind]} ${s.file}`,
    `  共 ${s.lines} 行:新增或更新 ${s.applied} 行,无变化 ${s.unchanged} 行,拒收 ${s.rejected} 行(批次 #${s.batchId})`,
  ];
  const en = [`Imported ${s.kind} ${s.file}: ${s.lines} rows, ${s.applied} applied, ${s.unchanged} unchanged, ${s.rejected} rejected (batch #${s.batchId})`];
  if (s.resumedFromLine !== undefined) {
    zh.push(`  上次中断,从第 ${s.resumedFromLine} 行续传(此前的行已导入)`);
    en.push(`  resumed at line ${s.resumedFromLine} (the lines before it were imported by an earlier run)`);
  }
  if (s.rejectsFile) {
    zh.push(`  拒收清单(可用 Excel/WPS 打开):${s.rejectsFile}`);
    en.push(`  rejects report: ${s.rejectsFile}`);
  }
  process.stdout.write([...zh, ...en].join('\n') + '\n');
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${IMPORT_USAGE}\n`);
  return 2;
}

export async function importCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { chunk: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(IMPORT_USAGE + '\n');
    return 0;
  }
  const locale: Locale = values.lang === 'en' ? 'en' : 'zh-CN';
  const [kind, file, ...extra] = positionals;
  if (!isImportKind(kind)) {
    return usage(kind === undefined ? '缺少类型 / missing kind' : `未知的类型 / unknown kind "${kind}" (${KINDS.join(', ')})`);
  }
  if (file === undefined) return usage('缺少文件 / missing FILE');
  if (extra.length > 0) return usage(`多余的参数 / unexpected arguments: ${extra.join(' ')}`);
  let chunkLines = DEFAULT_CHUNK_LINES;
  if (values.chunk !== undefined) {
    chunkLines = Number(values.chunk);
    if (!/^\d+$/.test(values.chunk) || chunkLines < 1 || chunkLines > 1_000_000) return usage(`--chunk 须为 1 到 1000000 的整数 / must be an integer 1…1000000: ${values.chunk}`);
  }
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    process.stderr.write(`无法读取文件 ${file} (${code})\ncannot read ${file} (${code})\n`);
    return 2;
  }

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 2;
    }
    throw err;
  }

  const progress = progressOnStderr();
  const onInterrupt = (): void => {
    progress.stop();
    process.stderr.write('\n已中断:已导入的整块保留,重新运行同一命令即可续传\ninterrupted: the committed chunks stay; run the same command again to resume\n');
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const summary = await runImport(store, kind, file, { chunkLines, locale, onProgress: (r, t, n) => progress.update(r, t, n) });
    progress.stop();
    printSummary(summary);
    return 0;
  } catch (err) {
    progress.stop();
    if (err instanceof AppError) {
      process.stderr.write(`${err.text['zh-CN']}\n${err.text.en}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`导入失败:${message}\n已导入的整块保留,排除故障后重新运行同一命令即可续传\nimport failed: ${message}\nthe committed chunks stay; run the same command again to resume\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await store?.close();
  }
}
