/**
 * `jifen token …`: the bearer tokens partner systems upload their files with.
 *
 *   jifen token create NAME --scope import:residence,import:permits,import:insurance
 *   jifen token list
 *   jifen token revoke ID
 *
 * `create` prints the token once, on stdout (alone on its line, for scripts); only its SHA-256 is
 * stored, so a lost token is revoked and replaced, never recovered. Exit 0, or 2 for a wrong command
 * line or an unknown token.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { IMPORT_SCOPES, ImportTokens } from '../services/import/tokens.ts';
import { openStore } from '../storage/db.ts';
import { TokenRepository } from '../storage/repositories/tokens.ts';

export const TOKEN_USAGE = `用法 / usage:
  jifen token create NAME --scope ${IMPORT_SCOPES.join(',')}
                        新建令牌,只显示一次 / make a token, shown once
  jifen token list      列出令牌 (不含令牌本身) / list tokens (never the tokens themselves)
  jifen token revoke ID 吊销 / revoke`;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${TOKEN_USAGE}\n`);
  return 2;
}

async function withTokens<T>(fn: (tokens: ImportTokens) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(new ImportTokens(new TokenRepository(store.db)));
  } finally {
    await store.close();
  }
}

export async function tokenCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { scope: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const [sub, arg, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(TOKEN_USAGE + '\n');
    return 0;
  }
  if (extra.length > 0) return usage(`多余的参数 / unexpected arguments: ${extra.join(' ')}`);
  try {
    switch (sub) {
      case 'create': {
        const name = arg?.trim();
        if (!name) return usage('缺少名称 / missing NAME');
        if (name.length > 100) return usage('名称过长 / NAME is too long');
        if (values.scope === undefined) return usage('缺少 --scope / missing --scope');
        const scopes = [...new Set(values.scope.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
        const unknown = scopes.filter((s) => !IMPORT_SCOPES.includes(s));
        if (scopes.length === 0 || unknown.length > 0) {
          return usage(`未知的权限 / unknown scope: ${unknown.join(', ') || '(none)'} (${IMPORT_SCOPES.join(', ')})`);
        }
        const { token, record } = await withTokens((t) => t.create(name, scopes));
        process.stderr.write(
          `令牌 #${record.id} "${record.name}" (${record.scopes.join(',')}) 已建立;下面是令牌,只显示这一次,请妥善交给对方系统:\n` +
            `token #${record.id} "${record.name}" created; here it is, shown only this once:\n`,
        );
        process.stdout.write(token + '\n');
        return 0;
      }
      case 'list': {
        if (arg !== undefined) return usage(`多余的参数 / unexpected argument: ${arg}`);
        const list = await withTokens((t) => t.list());
        for (const r of list) {
          process.stdout.write(`${r.id}\t${r.name}\t${r.scopes.join(',')}\t${r.createdAt}\t${r.revokedAt ? `吊销 revoked ${r.revokedAt}` : '有效 active'}\n`);
        }
        return 0;
      }
      case 'revoke': {
        const id = Number(arg);
        if (arg === undefined || !/^\d+$/.test(arg)) return usage('缺少或无效的 ID / missing or invalid ID');
        const done = await withTokens((t) => t.revoke(id));
        if (!done) {
          process.stderr.write(`没有有效的令牌 #${id} / no active token #${id}\n`);
          return 2;
        }
        process.stdout.write(`已吊销 / revoked #${id}\n`);
        return 0;
      }
      case undefined:
        return usage('缺少子命令 / missing subcommand');
      default:
        return usage(`未知的子命令 / unknown subcommand "${sub}"`);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 2;
    }
    throw err;
  }
}
