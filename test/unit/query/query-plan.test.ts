import { describe, expect, it } from '@jest/globals';
import { DEFAULT_WINDOW_DAYS, MAX_SEARCH_DAYS, planQuery } from '../../../lambdas/core/query/query-plan';

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('planQuery', () => {
  it('serves an actor by byActor, whatever else is filtered', () => {
    expect(planQuery({ actor: 'jdoe', eventType: 'auth.login.failure', outcome: 'failure' }, NOW).index).toBe('byActor');
  });

  it('serves a target record by byTarget', () => {
    expect(planQuery({ targetType: 'donation', targetId: 'DN-1' }, NOW).index).toBe('byTarget');
  });

  it('serves an exact type by byType, one month per segment, newest first', () => {
    const plan = planQuery({ eventType: 'auth.login.failure', from: '2026-09-15T00:00:00.000Z' }, NOW);
    expect(plan.segments.map((s) => (s.kind === 'type' ? s.month : s.kind))).toEqual(['2026-11', '2026-10', '2026-09']);
  });

  it('expands a catalogue prefix into its types', () => {
    const [segment] = planQuery({ eventTypePrefix: 'auth.login.' }, NOW).segments;
    expect(segment).toMatchObject({ kind: 'type', eventTypes: ['auth.login.success', 'auth.login.failure'] });
  });

  it('serves a prefix that could match custom types by byTime', () => {
    expect(planQuery({ eventTypePrefix: 'custom.' }, NOW).index).toBe('byTime');
  });

  it('serves filters without a key of their own by byTime, one day per segment', () => {
    const plan = planQuery({ outcome: 'denied', from: '2026-11-18T06:00:00.000Z', to: '2026-11-20T00:00:00.000Z' }, NOW);
    expect(plan.segments).toEqual([{ kind: 'day', day: '2026-11-19' }, { kind: 'day', day: '2026-11-18' }]);
  });

  it('looks back the default window when no from is given', () => {
    expect(planQuery({ category: 'account' }, NOW).segments).toHaveLength(DEFAULT_WINDOW_DAYS + 1);
  });

  it('refuses a day walk longer than the limit, naming it, without listing the days', () => {
    expect(() => planQuery({ from: '0001-01-01T00:00:00.000Z' }, NOW, MAX_SEARCH_DAYS)).toThrow(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('at most 92 days') }),
    );
  });

  it('refuses a month walk longer than the limit', () => {
    expect(() => planQuery({ eventType: 'auth.login.failure', from: '2026-01-01T00:00:00.000Z' }, NOW, MAX_SEARCH_DAYS)).toThrow(/92 days/);
  });

  it('accepts exactly the limit back from now', () => {
    const from = new Date(NOW.getTime() - MAX_SEARCH_DAYS * 86_400_000).toISOString();
    expect(planQuery({ from }, NOW, MAX_SEARCH_DAYS).segments).toHaveLength(MAX_SEARCH_DAYS + 1);
  });

  it('takes any period for an actor, which walks no calendar', () => {
    const plan = planQuery({ actor: 'jdoe', from: '0000-01-01T00:00:00.000Z', to: '9999-12-31T00:00:00.000Z' }, NOW, MAX_SEARCH_DAYS);
    expect(plan.segments).toEqual([{ kind: 'actor', actor: 'jdoe' }]);
  });
});
