/** The query function reaches the archive past the hot window: its Athena workgroup and Glue table, and no other workgroup. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import type { AuditStack } from '../../lib/audit-stack';
import { ArchiveQueryEngine } from '../../lib/constructs/archive-query-engine';
import {
  actionsOf, auditFunctionsOf, buildAuditStack, environmentOf, logicalIdOf, statementsOfRole, SYNTH_TIMEOUT_MS, TEST_CONFIG,
} from './audit-stack-fixture';

let template: Template;
let stack: AuditStack;
beforeAll(() => {
  stack = buildAuditStack(TEST_CONFIG, { bundle: false }).stack;
  template = Template.fromStack(stack);
}, SYNTH_TIMEOUT_MS);

function engine(): ArchiveQueryEngine {
  const engines = stack.node.findAll().filter((c): c is ArchiveQueryEngine => c instanceof ArchiveQueryEngine);
  expect(engines).toHaveLength(1);
  return engines[0] as ArchiveQueryEngine;
}

function queryEnvironment(): Record<string, unknown> {
  const query = auditFunctionsOf(stack).filter((fn) => environmentOf(template, fn).POWERTOOLS_SERVICE_NAME === SERVICE_NAMES.query);
  expect(query).toHaveLength(1);
  return environmentOf(template, query[0] as (typeof query)[number]);
}

function childId(construct: ArchiveQueryEngine, id: string): string {
  return logicalIdOf(construct.node.findChild(id));
}

describe('query function archive wiring', () => {
  it('names the workgroup and the Glue database and table in its environment', () => {
    // Prepare
    const athena = engine();
    // Act
    const env = queryEnvironment();
    // Assess
    expect(env).toMatchObject({
      ARCHIVE_QUERY_WORKGROUP: { Ref: childId(athena, 'WorkGroup') },
      ARCHIVE_QUERY_DATABASE: { Ref: childId(athena, 'Database') },
      ARCHIVE_QUERY_TABLE: 'archived_events',
    });
  });

  it('may start Athena queries in that workgroup only', () => {
    // Prepare
    const workGroupRef = { Ref: childId(engine(), 'WorkGroup') };
    // Act
    const starting = statementsOfRole(template, /audit-query/).filter(
      (s) => actionsOf(s).some((a) => a === 'athena:StartQueryExecution' || a === 'athena:*' || a === '*'),
    );
    // Assess
    expect(starting).toHaveLength(1);
    const resources = [starting[0]?.Resource].flat();
    expect(resources).toHaveLength(1);
    const arn = JSON.stringify(resources[0]);
    expect(arn).toContain(':workgroup/');
    expect(arn).toContain(JSON.stringify(workGroupRef));
    expect(arn).not.toContain('*');
  });
});
