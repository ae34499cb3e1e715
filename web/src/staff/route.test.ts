/** The console's addresses: the objection pages next to the others, and nothing else matched by accident. */
import { describe, expect, it } from 'vitest';
import { objectionPath, objectionsPath, parseRoute } from './route.ts';

describe('parseRoute', () => {
  it('reads the objection dashboard and one objection, and keeps the other pages', () => {
    expect(parseRoute(objectionsPath)).toEqual({ name: 'objections' });
    expect(parseRoute(`${objectionsPath}/`)).toEqual({ name: 'objections' });
    expect(parseRoute(objectionPath(42))).toEqual({ name: 'objection', id: 42 });
    expect(parseRoute('/staff/applications/42')).toEqual({ name: 'case', id: 42 });
    expect(parseRoute('/staff/people/7')).toEqual({ name: 'person', id: 7 });
  });

  it('answers not found for an objection address that is not a positive id', () => {
    for (const p of ['/staff/objections/0', '/staff/objections/abc', '/staff/objections/1/tasks', '/staff/objections/1234567890123']) expect(parseRoute(p)).toEqual({ name: 'notFound' });
  });
});
