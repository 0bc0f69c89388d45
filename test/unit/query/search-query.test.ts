import { describe, expect, it } from '@jest/globals';
import { parseFilters, parseSearchParams } from '../../../lambdas/core/query/search-query';
import { ValidationError } from '../../../lambdas/core/errors';

/** Query parameters as API Gateway hands them over: a parameter may be named anything. */
function paramsNamed(name: string): Record<string, string> {
  const params = Object.create(null) as Record<string, string>;
  params[name] = 'x';
  return params;
}

describe('search query parameters named after Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString'])('refuses %s as an unknown field', (name) => {
    expect.assertions(2);
    try {
      parseSearchParams(paramsNamed(name));
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).details).toEqual([{ path: name, message: 'unknown field' }]);
    }
  });

  it('refuses __proto__ in the filters of export, stats and report too', () => {
    expect(() => parseFilters(paramsNamed('__proto__'))).toThrow(ValidationError);
  });
});
