/**
 * The OpenAPI 3.1 description served at /api/openapi.json, with the facts JSON Schema generated
 * from the same zod schema that validates requests, so the two cannot drift apart.
 */
import { z } from 'zod';
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

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'jifen — 杭州市居住证积分 API',
      version: '1.0.0',
      description: 'Points simulation under the dated Hangzhou indicator tables. Facts contract: facts-v1.',
    },
    paths: {
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
    },
    components: {
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
