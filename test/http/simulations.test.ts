import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, testApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const person = { birthDate: '1990-01-01' };

describe('POST /api/v1/simulations', () => {
  it('scores facts under the version in force on asOf, one item per indicator', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', {
      asOf: '2020-03-01',
      facts: { person, permit: { kind: 'ic', status: 'valid', district: '330106' }, socialInsurance: [{ from: '2012-01', to: '2019-12', scheme: 'pension' }] },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { policyVersion: string; total: number; eligible: boolean; items: Array<{ indicator: string; points: number }> };
    expect(body.policyVersion).toBe('hangzhou-2018');
    expect(body.total).toBe(54);
    expect(body.eligible).toBe(true);
    expect(body.items.map((i) => i.indicator)).toEqual([
      'age', 'education', 'qualification', 'residence', 'socialInsurance', 'housing', 'honours',
      'boneMarrow', 'bloodDonation', 'volunteering', 'donation', 'incomeTax', 'patents', 'deductions',
    ]);
  });

  it('uses a named policy version when the request gives one', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', {
      asOf: '2020-03-01',
      policy: 'hangzhou-2021',
      facts: { person, socialInsurance: [{ from: '2012-01', to: '2019-12', scheme: 'pension' }] },
    });
    const body = (await res.json()) as { policyVersion: string; total: number; warnings: Array<{ code: string }> };
    expect(body.policyVersion).toBe('hangzhou-2021');
    expect(body.total).toBe(78);
    expect(body.warnings.map((w) => w.code)).toContain('POLICY_NOT_IN_FORCE');
  });

  it('defaults asOf to today in China', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', { facts: { person } });
    const body = (await res.json()) as { asOf: string; policyVersion: string };
    expect(body.asOf).toBe('2026-12-01');
    expect(body.policyVersion).toBe('hangzhou-2024');
  });

  it('answers the projection when asked', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', {
      asOf: '2024-09-01',
      projection: {},
      facts: {
        person,
        residence: [{ from: '2020-09-01', to: '2024-08-31', status: 'registered', source: 'police' }],
        socialInsurance: [{ from: '2020-09', to: '2024-08', scheme: 'pension' }],
      },
    });
    const body = (await res.json()) as { total: number; projection: { reachedOn: string | null; target: number } };
    expect(body.total).toBeLessThan(100);
    expect(body.projection.target).toBe(100);
    expect(body.projection.reachedOn).not.toBeNull();
    expect(body.projection.reachedOn! > '2024-09-01').toBe(true);
  });

  it('lists every field error at once with a 400, never a 500', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', {
      asOf: '2020-02-30',
      extra: 1,
      facts: {
        person: { birthDate: 19900101 },
        residence: [{ from: '2020-05-01', to: '2020-01-01', status: 'registered', source: 'police' }],
        socialInsurance: [{ from: '2020-13', to: '2020-12', scheme: 'pension' }],
        bloodDonationMl: -5,
        nickname: 'x',
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Array<{ path: string }> } };
    expect(body.error.code).toBe('INVALID_INPUT');
    const paths = body.error.fields.map((f) => f.path).sort();
    expect(paths).toEqual(
      [
        'asOf',
        'extra',
        'facts.bloodDonationMl',
        'facts.nickname',
        'facts.person.birthDate',
        'facts.residence[0].to',
        'facts.socialInsurance[0].from',
      ].sort(),
    );
  });

  it('requires the birth date', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', { facts: { person: {} } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Array<{ path: string }> } };
    expect(body.error.fields.map((f) => f.path)).toEqual(['facts.person.birthDate']);
  });

  it('refuses a birth date after the date of assessment', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', { asOf: '2020-03-01', facts: { person: { birthDate: '2021-01-01' } } });
    expect(res.status).toBe(400);
  });

  it('answers malformed JSON with a 400 INVALID_JSON', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', '{"facts": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
  });

  it('names an unknown policy version', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', { asOf: '2020-03-01', policy: 'hangzhou-1999', facts: { person } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Array<{ path: string }> } };
    expect(body.error.code).toBe('UNKNOWN_POLICY');
    expect(body.error.fields[0]!.path).toBe('policy');
  });

  it('refuses a date before the first policy version', async () => {
    const res = await postJson(t.app, '/api/v1/simulations', { asOf: '2017-06-01', facts: { person } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NO_POLICY_IN_FORCE');
  });

  it('speaks Chinese by default and English on request', async () => {
    const body = { asOf: '2020-03-01', facts: { person } };
    const zh = (await (await postJson(t.app, '/api/v1/simulations', body)).json()) as { items: Array<{ name: string }> };
    const en = (await (await postJson(t.app, '/api/v1/simulations?lang=en', body)).json()) as { items: Array<{ name: string }> };
    expect(zh.items[0]!.name).toBe('年龄');
    expect(en.items[0]!.name).toBe('Age');
    const bad = await postJson(t.app, '/api/v1/simulations', { facts: {} }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/invalid input/);
  });

  it('logs no request body and no personal data', async () => {
    t.logs.length = 0;
    await postJson(t.app, '/api/v1/simulations', { asOf: '2020-03-01', facts: { person: { birthDate: '1987-07-07' } } });
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join('\n')).not.toContain('1987-07-07');
  });
});

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 with the facts JSON Schema, strict about unknown fields', async () => {
    const res = await t.app.request('/api/openapi.json');
    const doc = (await res.json()) as { openapi: string; components: { schemas: { Facts: { properties: Record<string, unknown>; additionalProperties: boolean; required: string[] } } } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.Facts.additionalProperties).toBe(false);
    expect(doc.components.schemas.Facts.required).toEqual(['person']);
    expect(Object.keys(doc.components.schemas.Facts.properties)).toContain('socialInsurance');
  });
});

describe('GET /api/v1/policies', () => {
  it('lists the dated versions and shows each value with its source', async () => {
    const list = (await (await t.app.request('/api/v1/policies')).json()) as { versions: Array<{ id: string; effectiveFrom: string }> };
    expect(list.versions.map((v) => v.id)).toEqual(['hangzhou-2018', 'hangzhou-2021', 'hangzhou-2023', 'hangzhou-2024']);
    const one = (await (await t.app.request('/api/v1/policies/hangzhou-2018')).json()) as {
      indicators: { socialInsurance: { perMonth: { value: number; source: { confidence: string } } } };
    };
    expect(one.indicators.socialInsurance.perMonth.value).toBe(0.25);
    expect(one.indicators.socialInsurance.perMonth.source.confidence).toBe('stated');
    expect((await t.app.request('/api/v1/policies/nope')).status).toBe(404);
  });
});
