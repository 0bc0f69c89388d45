import { beforeAll, describe, expect, it } from '@jest/globals';
import { AUDIT_TABLE } from '../../../lambdas/adapters/dynamodb/table-schema';
import { estimateCost, type CostEstimate } from '../../../lib/cost/cost-model';
import { backupCopiesOf } from '../../../lib/cost/data-costs';
import { billText, matrixMarkdown } from '../../../lib/cost/cost-report';
import { runsPerMonth } from '../../../lib/cost/schedule';
import { readStackSettings, type StackSettings } from '../../../lib/cost/stack-settings';
import { synthAuditTemplate, type CfnTemplate } from '../../../lib/cost/synth-template';
import { DEFAULT_WORKLOAD, type Workload } from '../../../lib/cost/workload';
import { DEFAULT_CONFIG } from '../../../lib/config';

/** Synthesis without bundling takes seconds; allow for a slow shared machine. */
const SYNTH_TIMEOUT_MS = 120_000;
let template: CfnTemplate;
let stack: StackSettings;

beforeAll(() => {
  template = synthAuditTemplate();
  stack = readStackSettings(template);
}, SYNTH_TIMEOUT_MS);

const at = (overrides: Partial<Workload>): CostEstimate => estimateCost(stack, { ...DEFAULT_WORKLOAD, ...overrides });
const usdOf = (e: CostEstimate, service: string, item: RegExp) =>
  e.lines.filter((l) => l.service === service && item.test(l.item)).reduce((n, l) => n + l.usd, 0);
const quantityOf = (e: CostEstimate, service: string, item: RegExp) =>
  e.lines.find((l) => l.service === service && item.test(l.item))?.quantity;

describe('settings read from the synthesised template', () => {
  it('takes each function memory size from the template', () => {
    // Prepare
    const memoryOf = (id: string) => template.Resources[id]?.Properties?.MemorySize;
    // Assess
    for (const fn of Object.values(stack.functions)) expect(fn.memoryMb).toBe(memoryOf(fn.logicalId));
    expect(stack.functions.query.memoryMb).toBe(1024);
  });

  it('counts the audit table indexes, alarms and KMS keys of the template', () => {
    const count = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type).length;
    expect(stack.globalSecondaryIndexes).toBe(AUDIT_TABLE.indexes.length);
    expect(stack.alarms).toBe(count('AWS::CloudWatch::Alarm'));
    expect(stack.kmsKeys).toBe(count('AWS::KMS::Key'));
  });

  it('turns the sealer every-minute schedule and the daily verifier into runs per month', () => {
    expect(stack.sealerRunsPerMonth).toBe(43_200);
    expect(stack.verifierRunsPerMonth).toBe(30);
  });

  it('prices GB-seconds at the memory the template gives a function', () => {
    // Prepare
    const doubled: StackSettings = { ...stack, functions: { ...stack.functions, ingest: { ...stack.functions.ingest, memoryMb: stack.functions.ingest.memoryMb * 2 } } };
    // Act
    const base = estimateCost(stack, DEFAULT_WORKLOAD);
    const bigger = estimateCost(doubled, DEFAULT_WORKLOAD);
    // Assess
    expect(usdOf(bigger, 'Lambda', /^ingest GB/)).toBeCloseTo(2 * usdOf(base, 'Lambda', /^ingest GB/), 10);
  });
});

describe('runsPerMonth', () => {
  it('reads rate and daily or monthly cron expressions', () => {
    expect(runsPerMonth('rate(5 minutes)')).toBe(8640);
    expect(runsPerMonth('rate(1 hour)')).toBe(720);
    expect(runsPerMonth('cron(0 3 * * ? *)')).toBe(30);
    expect(runsPerMonth('cron(0 4 1 * ? *)')).toBe(1);
    expect(runsPerMonth('cron(* * * * ? *)')).toBe(43_200);
    expect(runsPerMonth('cron(*/5 8-17 ? * * *)')).toBe(12 * 10 * 30);
    expect(runsPerMonth('cron(0 0,12 * * ? *)')).toBe(60);
    expect(runsPerMonth('cron(0 0 1 1 ? *)')).toBeCloseTo(1 / 12, 10);
  });

  it('refuses a schedule it cannot price', () => {
    expect(() => runsPerMonth('at(2026-01-01T00:00:00)')).toThrow(/cannot price the schedule/);
  });
});

describe('the cost model', () => {
  it('doubles every per-event cost when events double, and keeps fixed costs', () => {
    // Act
    const one = at({ eventsPerMonth: 10_000_000, auditorRequestsPerMonth: 0 });
    const two = at({ eventsPerMonth: 20_000_000, auditorRequestsPerMonth: 0 });
    // Assess
    expect(usdOf(two, 'DynamoDB', /^event writes/)).toBeCloseTo(2 * usdOf(one, 'DynamoDB', /^event writes/), 6);
    expect(usdOf(two, 'CloudWatch Logs', /^security lines/)).toBeCloseTo(2 * usdOf(one, 'CloudWatch Logs', /^security lines/), 6);
    expect(usdOf(two, 'WAF', /^web ACL/)).toBe(usdOf(one, 'WAF', /^web ACL/));
    expect(two.marginalPerMillionUsd).toBeCloseTo(one.marginalPerMillionUsd, 1);
  });

  it('cuts API Gateway requests and ingest invocations by the batch size', () => {
    // Act
    const single = at({ batchSize: 1, auditorRequestsPerMonth: 0 });
    const batched = at({ batchSize: 25, auditorRequestsPerMonth: 0 });
    // Assess
    expect(quantityOf(single, 'API Gateway', /REST requests/)).toBe(10_000_000);
    expect(quantityOf(batched, 'API Gateway', /REST requests/)).toBe(400_000);
    expect(usdOf(batched, 'Lambda', /^ingest GB/)).toBeLessThan(usdOf(single, 'Lambda', /^ingest GB/));
    // DynamoDB writes do not batch: every event is its own item, and a batch's transaction doubles the table write.
    const { footprint } = single.sizes;
    expect(quantityOf(batched, 'DynamoDB', /^event writes/)! / quantityOf(single, 'DynamoDB', /^event writes/)!).toBeCloseTo(
      footprint.batchWriteUnits / footprint.writeUnits,
      10,
    );
  });

  it('writes each event to the table and to every index entry, per started KB of each', () => {
    // Act
    const single = at({ batchSize: 1 });
    // Assess: the typical item is just over 1 KB (2 units), each lean index entry under 1 KB (1 unit).
    const units = quantityOf(single, 'DynamoDB', /^event writes/)! / (DEFAULT_WORKLOAD.eventsPerMonth + DEFAULT_WORKLOAD.auditorRequestsPerMonth);
    expect(units).toBe(2 + AUDIT_TABLE.indexes.length);
  });

  it('keeps only the hot window in the table: storage stops growing once the window is full', () => {
    const hotMonths = Math.ceil(stack.hotWindowDays / 30);
    const full = at({ monthsRunning: hotMonths });
    const later = at({ monthsRunning: hotMonths + 24 });
    expect(usdOf(later, 'DynamoDB', /^storage/)).toBeCloseTo(usdOf(full, 'DynamoDB', /^storage/), 6);
    expect(usdOf(later, 'S3 archive', /^storage/)).toBeGreaterThan(usdOf(full, 'S3 archive', /^storage/));
  });

  it('reads the hot window and the table class from the template', () => {
    expect([stack.hotWindowDays, stack.tableClass]).toEqual([DEFAULT_CONFIG.hotWindowDays, DEFAULT_CONFIG.tableClass]);
  });

  it('grows storage with the months of operation', () => {
    const first = at({ monthsRunning: 1 });
    const year = at({ monthsRunning: 12 });
    expect(usdOf(year, 'DynamoDB', /^storage/)).toBeCloseTo(12 * usdOf(first, 'DynamoDB', /^storage/), 6);
  });

  it('refuses a batch outside 1 to 100, naming the option', () => {
    expect(() => at({ batchSize: 101 })).toThrow('--batch must be an integer from 1 to 100');
    expect(() => at({ batchSize: 0 })).toThrow('--batch');
  });
});

describe('the report', () => {
  it('prints every resource line, the total and the target verdict', () => {
    // Act
    const text = billText(at({}));
    // Assess
    for (const service of ['API Gateway', 'Lambda', 'DynamoDB', 'CloudWatch Logs', 'CloudWatch', 'KMS', 'S3 archive', 'WAF', 'SNS'])
      expect(text).toContain(`\n${service.padEnd(16)} `);
    expect(text).toMatch(/total: \$[\d.,]+\/month, \$[\d.]+ per million events/);
    expect(text).toMatch(/target ≤ \$1\.50 per million events at batch 25: (met|MISSED)/);
  });

  it('builds the matrix with one row per volume and one column per batch size', () => {
    // Act
    const markdown = matrixMarkdown([1e6, 1e7].flatMap((v) => [1, 25].map((b) => at({ eventsPerMonth: v, batchSize: b }))));
    // Assess
    const lines = markdown.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('batch 1:');
    expect(lines[0]).toContain('batch 25:');
    expect(lines[2]).toMatch(/^\| 1,000,000 \|/);
  });
});

describe('backupCopiesOf', () => {
  it('weighs older full copies of a growing table less than today’s', () => {
    expect(backupCopiesOf({ keepDays: 365, runsPerMonth: 1 }, 12)).toBeCloseTo(6, 10);
    expect(backupCopiesOf({ keepDays: 35, runsPerMonth: 30 }, 1)).toBeCloseTo(15, 10);
  });
});
