/**
 * Every audit function is deployed with every required variable of its environment
 * contract and its own Powertools service name, whichever constructs set the parts
 * (the stack, AuditIntegrity.connectReader, AuditorAccess.connectQuery, AlarmStates.connect).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_ENVIRONMENTS } from '../../lambdas/composition/function-environments';
import { OPTIONAL_FUNCTIONS, SERVICE_NAMES, type AuditFunctionName } from '../../lambdas/core/service-names';
import type { AuditFunction } from '../../lib/constructs/audit-function';
import { auditFunctionsOf, buildAuditStack, environmentOf, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

// Functions deployed only when configured have their own tests (test/infra/siem-forwarder.test.ts).
const optional: readonly string[] = OPTIONAL_FUNCTIONS;
const NAMES = (Object.keys(SERVICE_NAMES) as AuditFunctionName[]).filter((name) => !optional.includes(name));

describe('function environments', () => {
  let template: Template;
  let functions: AuditFunction[];
  beforeAll(() => {
    const { stack } = buildAuditStack();
    template = Template.fromStack(stack);
    functions = auditFunctionsOf(stack);
  }, SYNTH_TIMEOUT_MS);

  /** The synthesized environment of the one function deployed under `name`'s service name. */
  function environmentOfFunction(name: AuditFunctionName): Record<string, unknown> {
    const matching = functions
      .map((fn) => environmentOf(template, fn))
      .filter((env) => env.POWERTOOLS_SERVICE_NAME === SERVICE_NAMES[name]);
    expect(matching).toHaveLength(1);
    return matching[0] ?? {};
  }

  it('deploys one function per service name and no other', () => {
    // Act
    const deployed = functions.map((fn) => environmentOf(template, fn).POWERTOOLS_SERVICE_NAME).sort();
    // Assess
    expect(deployed).toEqual(NAMES.map((name) => SERVICE_NAMES[name]).sort());
  });

  it.each(NAMES)('sets every required variable of the %s contract', (name) => {
    // Prepare
    const required = Object.entries(FUNCTION_ENVIRONMENTS[name])
      .filter(([, variable]) => !variable.optional)
      .map(([variable]) => variable);
    // Act
    const env = environmentOfFunction(name);
    // Assess
    expect(required.filter((variable) => env[variable] === undefined)).toEqual([]);
  });

  it.each(NAMES)('sets no contract variable outside the %s contract', (name) => {
    // Prepare
    const everyContractVariable = new Set(Object.values(FUNCTION_ENVIRONMENTS).flatMap((spec) => Object.keys(spec)));
    // Act
    const env = environmentOfFunction(name);
    // Assess
    const stray = Object.keys(env).filter((v) => everyContractVariable.has(v) && !(v in FUNCTION_ENVIRONMENTS[name]));
    expect(stray).toEqual([]);
  });
});
