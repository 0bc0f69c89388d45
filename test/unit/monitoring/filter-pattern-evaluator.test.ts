import { describe, expect, it } from '@jest/globals';
import { all, any, eq, ne, renderFilterPattern } from '../../../lambdas/core/monitoring/filter-pattern';
import { matchesFilterPattern, parseFilterPattern } from '../../../lambdas/core/monitoring/filter-pattern-evaluator';
import { filterPatternSamples } from '../../../lambdas/core/monitoring/filter-pattern-samples';
import { logRules, monitoringRules } from '../../../lambdas/core/monitoring/rules';

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('renderFilterPattern', () => {
  it('renders a comparison group the way CloudWatch (and CDK FilterPattern.all) writes it', () => {
    // Prepare
    const pattern = all(eq('eventType', 'auth.login.failure'), ne('actorUserId', 'admin'));
    // Act
    const text = renderFilterPattern(pattern);
    // Assess
    expect(text).toBe('{ ($.eventType = "auth.login.failure") && ($.actorUserId != "admin") }');
  });

  it('refuses a string value with a quote, which CloudWatch would mis-read', () => {
    expect(() => renderFilterPattern(eq('eventType', 'a"b'))).toThrow(/quotes/);
  });

  it('refuses an empty group', () => {
    expect(() => renderFilterPattern(any())).toThrow(/empty any/);
  });

  it('parses its own rendering back to the same pattern', () => {
    // Prepare
    const pattern = all(eq('a', 'x'), any(eq('b', 'y*'), { field: 'n', op: '>=', value: 3 }));
    // Act
    const parsed = parseFilterPattern(renderFilterPattern(pattern));
    // Assess
    expect(parsed).toEqual(pattern);
  });
});

describe('matchesFilterPattern', () => {
  it('matches string equality', () => {
    expect(matchesFilterPattern('{ $.eventType = "auth.logout" }', line({ eventType: 'auth.logout' }))).toBe(true);
  });

  it('does not match a different string', () => {
    expect(matchesFilterPattern('{ $.eventType = "auth.logout" }', line({ eventType: 'auth.login.failure' }))).toBe(
      false,
    );
  });

  it('matches a trailing wildcard', () => {
    expect(matchesFilterPattern('{ $.eventType = "authz.role.*" }', line({ eventType: 'authz.role.grant' }))).toBe(
      true,
    );
  });

  it('treats wildcard text around * literally (a dot is not "any character")', () => {
    expect(matchesFilterPattern('{ $.eventType = "authz.role.*" }', line({ eventType: 'authzXrole.grant' }))).toBe(
      false,
    );
  });

  it('matches a wildcard in the middle', () => {
    expect(matchesFilterPattern('{ $.ip = "10.*.1" }', line({ ip: '10.0.0.1' }))).toBe(true);
  });

  it('matches != when the field differs', () => {
    expect(matchesFilterPattern('{ $.actorUserId != "admin" }', line({ actorUserId: 'mallory' }))).toBe(true);
  });

  it('does not match != when the field is missing', () => {
    expect(matchesFilterPattern('{ $.actorUserId != "admin" }', line({ other: 1 }))).toBe(false);
  });

  it('compares numbers numerically', () => {
    expect(matchesFilterPattern('{ $.latency > 100 }', line({ latency: 250 }))).toBe(true);
  });

  it('does not compare a number pattern with a string field', () => {
    expect(matchesFilterPattern('{ $.latency > 100 }', line({ latency: '250' }))).toBe(false);
  });

  it('does not compare a string pattern with a number field', () => {
    expect(matchesFilterPattern('{ $.code = "5" }', line({ code: 5 }))).toBe(false);
  });

  it('needs every operand of &&', () => {
    expect(matchesFilterPattern('{ ($.a = "1") && ($.b = "2") }', line({ a: '1', b: '3' }))).toBe(false);
  });

  it('needs one operand of ||', () => {
    expect(matchesFilterPattern('{ ($.a = "1") || ($.b = "2") }', line({ a: '0', b: '2' }))).toBe(true);
  });

  it('follows dotted selectors into nested objects', () => {
    expect(matchesFilterPattern('{ $.actor.userId = "jdoe" }', line({ actor: { userId: 'jdoe' } }))).toBe(true);
  });

  it('matches no line that is not a JSON object', () => {
    expect(matchesFilterPattern('{ $.a = "1" }', 'a=1 plain text')).toBe(false);
  });

  it('rejects && and || mixed without parentheses', () => {
    expect(() => parseFilterPattern('{ $.a = "1" && $.b = "2" || $.c = "3" }')).toThrow(/parentheses/);
  });

  it('rejects syntax outside the supported subset', () => {
    expect(() => parseFilterPattern('{ $.a IS TRUE }')).toThrow(/unsupported|expected/);
  });

  it('rejects an ordering comparison with a string', () => {
    expect(() => parseFilterPattern('{ $.a > "x" }')).toThrow(/needs a number/);
  });
});

// The same samples `dmis-audit monitoring check-patterns` sends to CloudWatch's TestMetricFilter.
describe('shared filter pattern samples', () => {
  const cases = filterPatternSamples().flatMap(({ rule, pattern, samples }) =>
    samples.map((sample) => ({ rule, pattern, ...sample })),
  );

  it('covers every log rule with a matching and a non-matching line', () => {
    const covered = filterPatternSamples().filter(
      ({ samples }) => samples.some((s) => s.matches) && samples.some((s) => !s.matches),
    );
    expect(covered.map((r) => r.rule)).toEqual(logRules(monitoringRules()).map((r) => r.name));
  });

  it.each(cases)('$rule: $name → matches $matches', ({ pattern, line: sample, matches }) => {
    expect(matchesFilterPattern(pattern, sample)).toBe(matches);
  });
});
