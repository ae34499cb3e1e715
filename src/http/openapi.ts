/**
 * The OpenAPI 3.1 description served at /api/openapi.json, with the facts JSON Schema generated
 * from the same zod schema that validates requests, so the two cannot drift apart.
 */
import { z } from 'zod';
import { OPERATIONS } from './openapi-operations.ts';
import { factsSchema, policyIds, simulationRequestSchema } from '../rules/index.ts';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ['INVALID_INPUT', 'INVALID_JSON', 'UNKNOWN_POLICY', 'NO_POLICY_IN_FORCE', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'INTERNAL'] },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const resultSchema = {
  type: 'object',
  required: ['policyVersion', 'asOf', 'total', 'eligible', 'items', 'warnings'],
  properties: {
    policyVersion: { type: 'string', enum: policyIds() },
    asOf: { type: 'string', format: 'date' },
    total: { type: 'number' },
    eligible: { type: 'boolean' },
    ineligibleReasons: { type: 'array', items: { type: 'string' } },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['indicator', 'points', 'detail', 'trace'],
        properties: {
          indicator: { type: 'string' },
          name: { type: 'string' },
          points: { type: 'number' },
          detail: { type: 'string' },
          trace: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rule', 'source', 'clause', 'effect'],
              properties: {
                rule: { type: 'string' },
                source: { type: 'string' },
                clause: { type: 'string' },
                effect: { type: 'string', enum: ['counted', 'excluded', 'capped', 'applied'] },
                record: { type: 'string' },
                reason: { type: 'string' },
                points: { type: 'number' },
                interpretation: { type: 'string' },
              },
            },
          },
        },
      },
    },
    warnings: {
      type: 'array',
      items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
    },
    projection: {
      type: 'object',
      properties: {
        target: { type: 'number' },
        reachedOn: { type: ['string', 'null'], format: 'date' },
        totalThen: { type: 'number' },
        policyVersion: { type: ['string', 'null'] },
        horizonYears: { type: 'number' },
        assumption: { type: 'string' },
      },
    },
  },
};

/** `/api/v1/staff/applications/:id` → `/api/v1/staff/applications/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

type Security = Array<Record<string, string[]>>;

/** Who may call a path (see src/http/openapi-operations.ts). */
function access(method: string, path: string): { tag: string; security: Security } {
  const csrf: Record<string, string[]> = method === 'GET' ? {} : { csrfToken: [] };
  const session = (name: string): Security => [{ [name]: [], ...csrf }];
  if (path.startsWith('/api/v1/applicant/')) {
    const signIn = path === '/api/v1/applicant/code' || (path === '/api/v1/applicant/session' && method === 'POST');
    return { tag: 'applicant 申请人', security: signIn ? [] : session('applicantSession') };
  }
  if (path.startsWith('/api/v1/employer/')) {
    return { tag: 'employer 用人单位', security: path === '/api/v1/employer/session' && method === 'POST' ? [] : session('employerSession') };
  }
  if (path.startsWith('/api/v1/staff/')) {
    return { tag: 'staff 工作人员', security: path === '/api/v1/staff/session' && method === 'POST' ? [] : session('staffSession') };
  }
  if (path.startsWith('/api/v1/imports/')) return { tag: 'partner systems 来源系统', security: [{ partnerToken: [] }] };
  return { tag: 'public 公开', security: [] };
}

/** The operations without a hand-written entry: summary, who may call, path parameters. */
function listedPaths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, summary] of OPERATIONS) {
    const p = openApiPath(path);
    const { tag, security } = access(method, path);
    const parameters: Array<Record<string, unknown>> = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }));
    if (path === '/api/v1/imports/:kind') parameters[0] = { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['residence', 'permits', 'insurance'] } };
    (paths[p] ??= {})[method.toLowerCase()] = {
      summary,
      tags: [tag],
      security,
      ...(parameters.length > 0 ? { parameters } : {}),
      responses: {
        default: { description: 'Errors: `{ error: { code, message, fields? } }` in the language asked for', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return paths;
}

let cached: Record<string, unknown> | undefined;

/** The listed operations, with the hand-written entries (request and response schemas) on top. */
function mergePaths(listed: Record<string, Record<string, unknown>>, written: Record<string, Record<string, Record<string, unknown>>>): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = { ...listed };
  for (const [p, ops] of Object.entries(written)) {
    for (const [m, op] of Object.entries(ops)) out[p] = { ...out[p], [m]: { ...(out[p]?.[m] as Record<string, unknown> | undefined), ...op } };
  }
  return out;
}

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'jifen — 杭州市居住证积分 API',
      version: '1.0.0',
      description:
        'Points simulation under the dated Hangzhou indicator tables (facts contract: facts-v1); applications, evidence, agents, objections, settlement rounds and school admission. Messages are Chinese unless `Accept-Language: en` or `?lang=en`.',
    },
    paths: mergePaths(listedPaths(), {
      '/api/v1/simulations': {
        post: {
          summary: '模拟积分 / Simulate points',
          parameters: [{ name: 'lang', in: 'query', schema: { type: 'string', enum: ['zh-CN', 'en'] } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SimulationRequest' } } },
          },
          responses: {
            '200': { description: 'The result', content: { 'application/json': { schema: { $ref: '#/components/schemas/Result' } } } },
            '400': { description: 'Invalid input, every field error listed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
      '/api/v1/policies': {
        get: { summary: 'Policy versions with their effective dates', responses: { '200': { description: 'The versions' } } },
      },
      '/api/v1/policies/{id}': {
        get: {
          summary: 'One policy version: every indicator value with its source and confidence',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', enum: policyIds() } }],
          responses: { '200': { description: 'The version' }, '404': { description: 'Unknown version' } },
        },
      },
      '/api/v1/calendar/working-days': {
        get: {
          summary: 'The N-th working day strictly after a date, on the official calendar',
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'days', in: 'query', required: true, schema: { type: 'integer', minimum: 0, maximum: 3650 } },
          ],
          responses: { '200': { description: '{ date, provisional }' }, '400': { description: 'Invalid input' } },
        },
      },
    }),
    components: {
      securitySchemes: {
        applicantSession: { type: 'apiKey', in: 'cookie', name: 'jifen_applicant', description: '申请人会话(身份证号 + 短信验证码登录)' },
        employerSession: { type: 'apiKey', in: 'cookie', name: 'jifen_employer', description: '用人单位经办人会话' },
        staffSession: { type: 'apiKey', in: 'cookie', name: 'jifen_staff', description: '工作人员会话;窗口和区级人员只办本区' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'the session’s CSRF token, for anything but GET' },
        partnerToken: { type: 'http', scheme: 'bearer', description: 'a partner system’s token (`jifen token create`)' },
      },
      schemas: {
        Facts: jsonSchema(factsSchema),
        SimulationRequest: jsonSchema(simulationRequestSchema),
        Result: resultSchema,
        Error: errorSchema,
      },
    },
  };
  return cached;
}
