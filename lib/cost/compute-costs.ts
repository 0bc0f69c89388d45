/**
 * The request-driven services: API Gateway, WAF, Lambda (GB-seconds per function and
 * invocations), X-Ray and SNS.
 */
import { line, sampledTraces, type CostInputs, type CostLine } from './cost-line';
import type { FunctionRole } from './stack-settings';
import { ESTIMATES } from './workload';

/** API Gateway requests and WAF (web ACL, rules, inspected requests). */
export function edgeCosts(c: CostInputs): CostLine[] {
  return [
    line('API Gateway', 'REST requests (ingest + auditor)', c.apiRequests, 'apiGatewayRestRequests', 'per-event'),
    line('WAF', 'web ACL', c.stack.wafWebAcls, 'wafWebAcl', 'fixed'),
    line('WAF', `rules (${c.stack.wafRules})`, c.stack.wafRules, 'wafRule', 'fixed'),
    line('WAF', 'requests inspected', c.apiRequests * Math.min(c.stack.wafWebAcls, 1), 'wafRequests', 'per-event'),
  ];
}

/** Invocations and milliseconds per month of each function. */
function invocations(c: CostInputs): Record<FunctionRole, { count: number; ms: number }> {
  const { workload: w, stack: s } = c;
  const eventsPerVerify = w.eventsPerMonth / Math.max(s.verifierRunsPerMonth, 1);
  return {
    ingest: { count: c.ingestRequests, ms: c.ingestRequests * ESTIMATES.ingestMsPerRequest + w.eventsPerMonth * ESTIMATES.ingestMsPerEvent },
    query: { count: w.auditorRequestsPerMonth, ms: w.auditorRequestsPerMonth * ESTIMATES.queryMsPerRequest },
    streamProcessor: {
      count: c.streamInvocations,
      ms: c.streamInvocations * ESTIMATES.streamProcessorMsPerInvocation + w.eventsPerMonth * ESTIMATES.streamProcessorMsPerRecord,
    },
    sealer: { count: s.sealerRunsPerMonth, ms: s.sealerRunsPerMonth * ESTIMATES.sealerMsPerRun + w.eventsPerMonth * ESTIMATES.sealerMsPerEvent },
    verifier: {
      count: s.verifierRunsPerMonth,
      ms: s.verifierRunsPerMonth * (ESTIMATES.verifierMsPerRun + eventsPerVerify * ESTIMATES.verifierMsPerEvent),
    },
    alarms: { count: w.alarmNotificationsPerMonth, ms: w.alarmNotificationsPerMonth * ESTIMATES.alarmsMsPerInvocation },
  };
}

/** GB-seconds at each function's synthesised memory size, and invocations. */
export function lambdaCosts(c: CostInputs): CostLine[] {
  const runs = invocations(c);
  const lines = Object.entries(runs).map(([role, { ms }]) => {
    const memoryMb = c.stack.functions[role as FunctionRole].memoryMb;
    return line('Lambda', `${role} GB-seconds (${memoryMb} MB, arm64)`, (ms / 1000) * (memoryMb / 1024), 'lambdaArmGbSecond', kindOf(role as FunctionRole));
  });
  const total = Object.values(runs).reduce((n, r) => n + r.count, 0);
  return [...lines, line('Lambda', 'invocations, all functions', total, 'lambdaRequests', 'per-event')];
}

const kindOf = (role: FunctionRole) => (role === 'ingest' || role === 'streamProcessor' ? 'per-event' : 'fixed');

/** Traces recorded: API Gateway requests and the stream processor's invocations, when tracing is on. */
export function tracingCosts(c: CostInputs): CostLine[] {
  const traced = (c.stack.apiTracing || c.stack.functions.ingest.traced ? sampledTraces(c.apiRequests) : 0)
    + (c.stack.functions.streamProcessor.traced ? sampledTraces(c.streamInvocations) : 0)
    + (c.stack.functions.sealer.traced ? sampledTraces(c.stack.sealerRunsPerMonth) : 0);
  return [line('X-Ray', 'traces recorded (default sampling: 1/s + 5 %)', traced, 'xrayTraces', 'per-event')];
}

/** Alarm notifications to the topic and on to e-mail. */
export function notificationCosts(c: CostInputs): CostLine[] {
  const n = c.workload.alarmNotificationsPerMonth;
  return [line('SNS', 'alarm publishes', n, 'snsPublishes', 'fixed'), line('SNS', 'e-mail deliveries', n, 'snsEmail', 'fixed')];
}
