/**
 * The OpenAPI document lists exactly the operations the app serves: a route added without its line in
 * src/http/openapi-operations.ts, or a line left for a route that is gone, fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/http/openapi-operations.ts';
import { openApiPath } from '../../src/http/openapi.ts';
import { testApp, type TestApp } from '../support/app.ts';

describe('the OpenAPI document and the mounted routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('documents every API route the app mounts, and nothing else', () => {
    const mounted = new Set(t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`));
    const listed = new Set(OPERATIONS.map(([m, p]) => `${m} ${p}`));
    expect(listed.size, 'an operation is listed twice').toBe(OPERATIONS.length);
    expect([...mounted].filter((k) => !listed.has(k)), 'mounted but not in src/http/openapi-operations.ts').toEqual([]);
    expect([...listed].filter((k) => !mounted.has(k)), 'listed but not mounted').toEqual([]);
  });

  it('serves each listed operation with a summary, its path parameters and only declared security schemes', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { summary: string; security?: Array<Record<string, string[]>>; parameters?: Array<{ name: string; in: string }> }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    for (const [method, path] of OPERATIONS) {
      const op = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op!.summary).toMatch(/\S/);
      const params = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect((op!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(params);
      for (const req of op!.security ?? []) for (const name of Object.keys(req)) expect(doc.components.securitySchemes).toHaveProperty(name);
    }
    // Changing something with a staff session needs the CSRF token; reading does not.
    expect(doc.paths['/api/v1/staff/applications/{id}/accept']!.post!.security).toEqual([{ staffSession: [], csrfToken: [] }]);
    expect(doc.paths['/api/v1/staff/applications/{id}']!.get!.security).toEqual([{ staffSession: [] }]);
    expect(doc.paths['/api/v1/applicant/code']!.post!.security).toEqual([]);
  });
});
