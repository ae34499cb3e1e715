/**
 * Runs the golden cases of every policy version (test/golden/*.yaml): a policy officer's worked
 * examples, checked against the engine on every `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluate, factsSchema, type Facts, type WarningCode } from '../src/rules/index.ts';
import { POLICY_VERSIONS } from '../src/rules/registry.ts';

interface GoldenCase {
  name: string;
  why?: string;
  asOf?: string;
  policy?: string;
  facts?: Record<string, unknown>;
  expect: {
    total?: number;
    eligible?: boolean;
    items?: Record<string, number>;
    warnings?: WarningCode[];
    noWarnings?: WarningCode[];
    excluded?: string[];
  };
}

interface GoldenFile {
  version: string;
  defaults: { asOf: string; facts: Record<string, unknown> };
  cases: GoldenCase[];
}

const dir = path.join(import.meta.dirname, 'golden');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));

/** Case facts replace the defaults key by key; `null` removes a default. */
function factsOf(file: GoldenFile, c: GoldenCase): Facts {
  const merged: Record<string, unknown> = { ...file.defaults.facts };
  for (const [k, v] of Object.entries(c.facts ?? {})) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return factsSchema.parse(merged);
}

it('every policy version has a golden file', () => {
  expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(POLICY_VERSIONS.map((v) => v.id).sort());
});

for (const name of files) {
  const file = parse(fs.readFileSync(path.join(dir, name), 'utf8')) as GoldenFile;
  describe(`golden cases of ${file.version}`, () => {
    for (const c of file.cases) {
      it(c.name, () => {
        const asOf = c.asOf ?? file.defaults.asOf;
        const r = evaluate(factsOf(file, c), asOf);
        expect(r.policyVersion).toBe(c.policy ?? file.version);
        if (c.expect.total !== undefined) expect(r.total).toBe(c.expect.total);
        if (c.expect.eligible !== undefined) expect(r.eligible, JSON.stringify(r.warnings)).toBe(c.expect.eligible);
        for (const [indicator, points] of Object.entries(c.expect.items ?? {})) {
          const item = r.items.find((i) => i.indicator === indicator);
          expect(item, `item ${indicator}`).toBeDefined();
          expect(item!.points, `${indicator}: ${item!.detail}`).toBe(points);
        }
        const codes = r.warnings.map((w) => w.code);
        for (const w of c.expect.warnings ?? []) expect(codes).toContain(w);
        for (const w of c.expect.noWarnings ?? []) expect(codes).not.toContain(w);
        for (const rec of c.expect.excluded ?? []) {
          const hit = r.items.some((i) => i.trace.some((t) => t.record === rec && t.effect === 'excluded' && t.reason));
          expect(hit, `${rec} excluded with a reason`).toBe(true);
        }
      });
    }
  });
}
