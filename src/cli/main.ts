/**
 * The command line: `jifen <command>`. Each command parses its arguments, calls one service and
 * prints; exit 0 on success, 2 on invalid input (with the field errors on stderr), 1 otherwise.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config.ts';
import { startServer } from '../http/server.ts';
import { POLICY_VERSIONS, todayInChina, type Locale } from '../rules/index.ts';
import { AppError } from '../services/errors.ts';
import { simulate } from '../services/simulate.ts';
import { CalendarService } from '../services/calendar.ts';
import { openStore, type Store } from '../storage/db.ts';
import { impact } from '../services/impact.ts';
import { recompute } from '../services/recompute.ts';
import { seedCity, writeSourceFiles } from '../services/seed.ts';
import { importCommand } from './import.ts';
import { progress } from './progress.ts';
import { tokenCommand } from './token.ts';
import { formatDeadlines, runDeadlines } from './deadlines.ts';
import { ApplicationService } from '../services/applications.ts';
import { AuthService } from '../services/auth.ts';
import { EmployerAuthService } from '../services/employer-auth.ts';
import { OrganisationRepository } from '../storage/repositories/organisations.ts';
import { publishAndNotify } from '../services/notify.ts';
import { dispatchQueued, smsTransport } from '../services/sms.ts';
import { ApplicationRepository } from '../storage/repositories/applications.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { SettlementService } from '../services/settlement.ts';
import { SettlementRepository } from '../storage/repositories/settlement.ts';
import { SmsRepository } from '../storage/repositories/sms.ts';
import { verifyAudit } from '../storage/repositories/audit.ts';
import { StaffRepository } from '../storage/repositories/staff.ts';
import { CalendarRepository, type CalendarDayRow } from '../storage/repositories/calendar.ts';

const USAGE = `jifen — 杭州市居住证积分系统 / Hangzhou residence-permit points

用法 / usage:
  jifen serve                                   启动网页和 API / start the web server and API
  jifen score FILE.json [--as-of YYYY-MM-DD] [--policy ID] [--lang en]
                                                模拟积分,结果 JSON 输出到 stdout / score facts, print the result JSON
  jifen migrate                                 建立或升级数据库 / create or upgrade the database
  jifen policies                                列出政策版本 / list the policy versions
  jifen staff create USERNAME --role clerk|district|city|admin [--district CODE] [--name NAME]
                                                新建工作人员账号(密码只显示一次) / a staff account, password shown once
  jifen staff password USERNAME                 重置密码并解锁 / reset the password and unlock
  jifen org create --name N --credit-code C --district D --username U --display-name X --agent-id-number ID
                                                新建用人单位及其经办人账号(密码只显示一次) / an employer and its HR account, password shown once
  jifen publish [--as-of D]                     公布到期的积分结果并短信告知 / publish due results and text them
  jifen deadlines [--as-of D]                   检查异议核查/复核期限并标记临期、逾期 / flag objections near or past their deadlines
  jifen settlement lapse [--as-of D]            到期提醒,迁移期满未落户的准入记为放弃 / remind, then record un-moved admissions as forfeited
  jifen audit verify                            校验审计日志哈希链 / check the audit log's hash chain
  jifen seed --people N [--seed S] [--append] [--as-of D]
                                                生成模拟城市人口 / generate a synthetic city into the database
  jifen seed --people N [--seed S] --files DIR [--format csv|jsonl]
                                                把同一人口写成各源系统文件 / write it as source-system files
  jifen import residence|permits|insurance FILE [--chunk N]
                                                导入源系统文件(CSV / JSON Lines) / import a source system's file
  jifen token create NAME --scope import:residence,import:permits,import:insurance
                                                为合作部门生成上传令牌 / a bearer token for a partner system
  jifen recompute [--as-of D] [--policy ID]     全市重算积分快照(可断点续算) / score everyone, resumable
  jifen impact --from ID --to ID [--as-of D]    政策调整影响分析 / how a new table moves everyone's points
  jifen calendar add DATE N                     第 N 个工作日 (严格在 DATE 之后) / the N-th working day after DATE
  jifen calendar enter FILE.json                录入某年节假日通知 / enter a year's holiday notice
                                                FILE: { "year": 2027, "notice": "...", "enteredBy": "...",
                                                        "days": [{ "date": "2027-01-01", "kind": "holiday", "name": "元旦" }, ...] }

设置 / settings (environment): PORT, HOST, DATABASE_URL, DATA_DIR, LOG_LEVEL — see README.md`;

class UsageError extends Error {}

/**
 * Crash testing: `JIFEN_FAULT_KILL=recompute:3` makes the process SIGKILL itself inside the
 * transaction of page 3, after its writes and before its commit — a real kill -9 at the worst moment.
 */
function faultKill(command: string): { beforePageCommit?: (page: number) => void } {
  const spec = process.env.JIFEN_FAULT_KILL;
  if (!spec?.startsWith(`${command}:`)) return {};
  const at = Number(spec.slice(command.length + 1));
  return {
    beforePageCommit: (page) => {
      if (page === at) process.kill(process.pid, 'SIGKILL');
    },
  };
}

function readJsonFile(file: string | undefined, locale: Locale): unknown {
  if (!file) throw new UsageError(locale === 'en' ? 'missing FILE' : '缺少文件参数 FILE');
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new AppError('INVALID_INPUT', { 'zh-CN': `无法读取文件 ${file} (${reason})`, en: `cannot read ${file} (${reason})` }, [
      { path: 'FILE', message: reason },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('INVALID_JSON', { 'zh-CN': `${file} 不是合法的 JSON: ${reason}`, en: `${file} is not valid JSON: ${reason}` }, [
      { path: 'FILE', message: reason },
    ]);
  }
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function withCalendar<T>(fn: (svc: CalendarService) => Promise<T>): Promise<T> {
  return withStore(async (store) => {
    const svc = new CalendarService(new CalendarRepository(store.db), () => new Date());
    await svc.reload();
    return fn(svc);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // These two parse their own options.
  if (command === 'import') return importCommand(rest);
  if (command === 'token') return tokenCommand(rest);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' },
        policy: { type: 'string' },
        lang: { type: 'string' },
        from: { type: 'string' },
        'page-size': { type: 'string' },
        people: { type: 'string' },
        role: { type: 'string' },
        district: { type: 'string' },
        name: { type: 'string' },
        'credit-code': { type: 'string' },
        username: { type: 'string' },
        'display-name': { type: 'string' },
        'agent-id-number': { type: 'string' },
        seed: { type: 'string' },
        append: { type: 'boolean' },
        files: { type: 'string' },
        format: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const locale: Locale = values.lang === 'en' ? 'en' : 'zh-CN';

  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    case 'score': {
      const input = readJsonFile(positionals[0], locale);
      const result = simulate({ now: () => new Date() }, input, locale, { asOf: values['as-of'], policy: values.policy }, true);
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return 0;
    }
    case 'serve': {
      const config = loadConfig();
      const server = await startServer({
        port: config.port,
        host: config.host,
        dataDir: config.dataDir,
        evidenceDir: config.evidenceDir,
        databaseUrl: config.databaseUrl,
        logLevel: config.logLevel,
        demoData: config.demoData,
        smsGateway: config.smsGateway,
      });
      for (const line of server.demoNotes) process.stdout.write(line + '\n');
      process.stdout.write(
        `jifen 已启动 / is running: ${server.url}/\n  模拟积分 / simulator: ${server.url}/simulator\n  API: ${server.url}/api/openapi.json\n  数据库 / database: ${server.store.dialect} ${server.store.location}\n`,
      );
      const stop = (): void => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => undefined);
    }
    case 'migrate': {
      const config = loadConfig();
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      process.stdout.write(`migrated ${store.dialect} ${store.location}\n`);
      await store.close();
      return 0;
    }
    case 'seed': {
      const people = Number(values.people);
      const seed = values.seed === undefined ? 1 : Number(values.seed);
      if (!Number.isInteger(people) || people < 1) throw new UsageError('seed --people N (a whole number ≥ 1)');
      const asOf = values['as-of'] ?? todayInChina();
      const bar = progress(locale === 'en' ? 'seed' : '生成');
      if (values.files) {
        const r = await writeSourceFiles(values.files, {
          people,
          seed,
          asOf,
          format: values.format === 'jsonl' ? 'jsonl' : 'csv',
          onProgress: (d: number) => bar.update(d, people),
        });
        bar.stop();
        process.stdout.write(`已写出 / written: ${r.files.join(', ')}\n`);
        return 0;
      }
      return withStore(async (store) => {
        const r = await seedCity(store, { people, seed, asOf, append: values.append === true, onProgress: (d: number) => bar.update(d, people) });
        bar.stop();
        process.stdout.write(`已生成 / seeded: ${r.inserted} 人 people (seed ${seed}, as of ${asOf})\n`);
        return 0;
      });
    }
    case 'recompute': {
      const asOf = values['as-of'] ?? todayInChina();
      return withStore(async (store) => {
        const bar = progress(locale === 'en' ? 'recompute' : '重算');
        const t0 = performance.now();
        const s = await recompute(store, {
          asOf,
          policy: values.policy,
          onProgress: (d, t) => bar.update(d, t),
          ...(values['page-size'] ? { pageSize: Number(values['page-size']) } : {}),
          ...faultKill('recompute'),
        });
        bar.stop();
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        process.stdout.write(
          `重算完成 / recomputed: ${s.people} 人 people, ${s.policyVersion}, ${s.asOf}, run ${s.runId}${s.resumed ? ' (续算 resumed)' : ''}, ${secs}s\n`,
        );
        return 0;
      });
    }
    case 'impact': {
      if (!values.from || !values.to) throw new UsageError('impact --from VERSION --to VERSION [--as-of YYYY-MM-DD]');
      const asOf = values['as-of'] ?? todayInChina();
      const from = values.from;
      const to = values.to;
      return withStore(async (store) => {
        const bar = progress(locale === 'en' ? 'impact' : '影响分析');
        const r = await impact(store, { from, to, asOf, onProgress: (d, t) => bar.update(d, t) });
        bar.stop();
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return 0;
      });
    }
    case 'publish': {
      // Daily: publish the results whose visible date has come and text each applicant.
      const config = loadConfig();
      return withStore(async (store) => {
        const people = new PeopleRepository(store.db);
        const calendar = new CalendarService(new CalendarRepository(store.db), () => new Date());
        const applications = new ApplicationService({ applications: new ApplicationRepository(store.db), people, calendar: () => calendar.calendar(), now: () => new Date() });
        const sms = new SmsRepository(store.db);
        const transport = smsTransport(config.smsGateway, sms, () => new Date());
        const r = await publishAndNotify({ applications, people, sms, transport, calendar: () => calendar.calendar(), now: () => new Date() }, values['as-of']);
        process.stdout.write(`已公布 / published: ${r.published}, 已发短信 / texted: ${r.notified}, 无手机号 / without phone: ${r.withoutPhone} (${r.day})\n`);
        return 0;
      });
    }
    case 'settlement': {
      // Daily: admissions whose move window has ended un-moved are recorded as forfeited.
      if (positionals[0] !== 'lapse') throw new UsageError('usage: jifen settlement lapse [--as-of D]');
      const config = loadConfig();
      return withStore(async (store) => {
        const calendar = new CalendarService(new CalendarRepository(store.db), () => new Date());
        const svc = new SettlementService({ settlement: new SettlementRepository(store.db), applications: new ApplicationRepository(store.db), people: new PeopleRepository(store.db), calendar: () => calendar.calendar(), now: () => new Date() });
        const r = await svc.lapse(values['as-of']);
        // The forfeiture texts were queued with the change; hand them over now, as `jifen publish` does.
        const sms = new SmsRepository(store.db);
        await dispatchQueued(sms, smsTransport(config.smsGateway, sms, () => new Date()));
        process.stdout.write(`逾期视作放弃 / forfeited: ${r.forfeited}, 到期提醒 / reminded: ${r.reminded} (${r.asOf}${r.rounds.length > 0 ? `, rounds ${r.rounds.join(', ')}` : ''})\n`);
        return 0;
      });
    }
    case 'deadlines': {
      // Daily: flag open objections near or past their deadline (never closes one).
      return withStore(async (store) => {
        process.stdout.write(formatDeadlines(await runDeadlines(store, values['as-of'])));
        return 0;
      });
    }
    case 'staff': {
      // Passwords are generated and shown once: nothing to type into a shell history.
      const [sub, username] = positionals;
      if (!username || (sub !== 'create' && sub !== 'password')) {
        throw new UsageError('staff create USERNAME --role clerk|district|city|admin [--district CODE] [--name NAME] | staff password USERNAME');
      }
      return withStore(async (store) => {
        const auth = new AuthService({ staff: new StaffRepository(store.db), now: () => new Date() });
        const password = randomBytes(12).toString('base64url');
        if (sub === 'create') {
          const role = values.role;
          if (role !== 'clerk' && role !== 'district' && role !== 'city' && role !== 'admin') throw new UsageError('--role clerk|district|city|admin');
          await auth.createStaff({ username, displayName: values.name ?? username, password, role, district: values.district ?? null });
        } else {
          await auth.resetPassword(username, password, 'cli');
        }
        process.stdout.write(`${username} 的密码(只显示这一次) / password (shown once): ${password}\n`);
        return 0;
      });
    }
    case 'org': {
      // An employer organisation and its first HR account; the password is generated and shown once.
      const v = { name: values.name, creditCode: values['credit-code'], district: values.district, username: values.username, displayName: values['display-name'], agentIdNumber: values['agent-id-number'] };
      if (positionals[0] !== 'create' || Object.values(v).some((x) => x === undefined)) {
        throw new UsageError('org create --name N --credit-code C --district D --username U --display-name X --agent-id-number ID');
      }
      return withStore(async (store) => {
        const password = randomBytes(12).toString('base64url');
        const ids = await new EmployerAuthService({ organisations: new OrganisationRepository(store.db), now: () => new Date() }).createOrganisation(
          { name: v.name!, creditCode: v.creditCode!, district: v.district!, username: v.username!, displayName: v.displayName!, agentIdNumber: v.agentIdNumber!, password },
          'cli',
        );
        process.stdout.write(`单位 / organisation ${ids.organisationId}; ${v.username} 的密码(只显示这一次) / password (shown once): ${password}\n`);
        return 0;
      });
    }
    case 'audit': {
      if (positionals[0] !== 'verify') throw new UsageError('audit verify');
      return withStore(async (store) => {
        const v = await verifyAudit(store.db);
        if (v.ok) {
          process.stdout.write(`审计日志完整 / audit log intact: ${v.events} 条 events, head ${v.head.slice(0, 16)}…\n`);
          return 0;
        }
        process.stderr.write(
          `审计日志被改动 / audit log BROKEN at event ${v.brokenAt} (${v.reason}); ${v.events} events read\n`,
        );
        return 1;
      });
    }
    case 'policies':
      for (const v of POLICY_VERSIONS) {
        process.stdout.write(`${v.id}\t${v.effectiveFrom} … ${v.effectiveTo ?? ''}\t${locale === 'en' ? v.title.en : v.title.zh}\n`);
      }
      return 0;
    case 'calendar': {
      const [sub, a, b] = positionals;
      if (sub === 'add') {
        const r = await withCalendar((svc) => svc.addWorkingDays(a, b, locale));
        process.stdout.write(JSON.stringify(r) + '\n');
        return 0;
      }
      if (sub === 'enter') {
        const input = readJsonFile(a, locale) as { year?: unknown; notice?: unknown; enteredBy?: unknown; days?: unknown };
        if (typeof input.year !== 'number' || typeof input.notice !== 'string' || !Array.isArray(input.days)) {
          throw new AppError('INVALID_INPUT', { 'zh-CN': '文件须含 year(数字)、notice(文字)、days(数组)', en: 'the file needs year (number), notice (text) and days (array)' }, [
            { path: 'year/notice/days', message: 'required' },
          ]);
        }
        const days = input.days as CalendarDayRow[];
        const year = input.year;
        const notice = input.notice;
        await withCalendar((svc) => svc.enterYear(year, notice, days, typeof input.enteredBy === 'string' ? input.enteredBy : 'cli'));
        process.stdout.write(`entered ${year}: ${days.length} days\n`);
        return 0;
      }
      throw new UsageError('calendar add DATE N | calendar enter FILE.json');
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function report(err: unknown, locale: Locale): number {
  if (err instanceof AppError) {
    process.stderr.write(JSON.stringify(err.body(locale), null, 2) + '\n');
    return 2;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(err.message + '\n');
    return 2;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => process.exit(report(err, argv.includes('en') ? 'en' : 'zh-CN')),
);
