/**
 * The forwarder Lambda's three invocation shapes (stream batch, drain, replay request) and
 * its AWS wiring: routes per destination kind, secrets read by ARN, environment parsed with
 * errors that name the variable. Real forwarder core; test doubles only for the transports.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { S3SiemWriter } from '../../../lambdas/adapters/s3/s3-siem-writer';
import { awsSiemRoutes, backlogQueuesOf, destinationsOf } from '../../../lambdas/composition/aws-siem-forwarder';
import { createSiemForwarder } from '../../../lambdas/core/siem/forwarder';
import type { AwsSiemDestination } from '../../../lambdas/core/siem/destinations';
import type { ReplayPeriod } from '../../../lambdas/core/siem/replay';
import { createSiemInvocationHandler } from '../../../lambdas/functions/siem-forwarder/aws-invocation';
import { createSiemStreamHandler } from '../../../lambdas/functions/siem-forwarder/handler';
import { MemoryBacklog, RecordingSender, storedEvents } from '../../fixtures/siem-events';

const WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dmis/siem/webhook-AbCdEf';
const SECRET = 'whsec-0123456789abcdef0123456789abcdef';

function parts() {
  const sender = new RecordingSender('soc');
  const backlog = new MemoryBacklog();
  const forwarder = createSiemForwarder({ routes: [{ name: 'soc', format: 'json', sender }], backlog });
  const periods: ReplayPeriod[] = [];
  const recorded: { destination: string; period: ReplayPeriod; sentBefore: number }[] = [];
  const events = storedEvents(3);
  let releases = 0;
  let recording: 'works' | 'fails' = 'works';
  const handler = createSiemInvocationHandler({
    forwarder,
    streamHandler: createSiemStreamHandler(forwarder),
    destinations: ['soc'],
    eventsOfPeriod: (period) => {
      periods.push(period);
      return (async function* () {
        yield* events;
      })();
    },
    recordReplay: async (destination, period) => {
      if (recording === 'fails') throw new Error('the table did not answer');
      recorded.push({ destination, period, sentBefore: sender.sent.length });
    },
    release: async () => {
      releases += 1;
    },
  });
  const failRecording = () => {
    recording = 'fails';
  };
  return { sender, backlog, handler, periods, recorded, failRecording, events, releases: () => releases };
}

describe('the forwarder Lambda invocation', () => {
  let p: ReturnType<typeof parts>;
  beforeEach(() => {
    p = parts();
  });

  it('drains the backlogs on the drain event', async () => {
    // Prepare
    const kept = storedEvents(2);
    await p.backlog.append('soc', kept);
    // Act
    const answer = await p.handler({ drain: true });
    // Assess
    expect({ answer, sent: p.sender.ids() }).toEqual({
      answer: { drained: [{ destination: 'soc', delivered: 2, backlog: 0, oldestAgeSeconds: 0 }] },
      sent: kept.map((e) => e.eventId),
    });
  });

  it('forwards a stream batch through the stream handler', async () => {
    // Act
    const answer = await p.handler({ Records: [] } satisfies DynamoDBStreamEvent);
    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
  });

  it('replays a period read from the table to the named destination, oldest first', async () => {
    // Act
    const answer = await p.handler({ replay: { destination: 'soc', from: '2026-11-20T10:00:00+00:00', to: '2026-11-20T11:00:00Z' } });
    // Assess
    expect(answer).toEqual({
      replayed: { destination: 'soc', from: '2026-11-20T10:00:00.000Z', to: '2026-11-20T11:00:00.000Z', sent: 3 },
    });
    expect({ periods: p.periods, sent: p.sender.ids() }).toEqual({
      periods: [{ from: '2026-11-20T10:00:00.000Z', to: '2026-11-20T11:00:00.000Z' }],
      sent: p.events.map((e) => e.eventId),
    });
  });

  it('records the replay in the trail before it sends anything, and refuses one it cannot record', async () => {
    // Act
    await p.handler({ replay: { destination: 'soc', from: '2026-11-20T10:00:00Z', to: '2026-11-20T11:00:00Z' } });
    p.failRecording();
    const refused = p.handler({ replay: { destination: 'soc', from: '2026-11-20T12:00:00Z', to: '2026-11-20T13:00:00Z' } });
    // Assess
    expect(p.recorded).toEqual([
      { destination: 'soc', period: { from: '2026-11-20T10:00:00.000Z', to: '2026-11-20T11:00:00.000Z' }, sentBefore: 0 },
    ]);
    await expect(refused).rejects.toThrow('the table did not answer');
    expect(p.sender.ids()).toEqual(p.events.map((e) => e.eventId));
  });

  it.each([
    [{ replay: { destination: 'qradar', from: '2026-11-20T10:00:00Z', to: '2026-11-20T11:00:00Z' } }, 'replay.destination must be one of: soc'],
    [{ replay: { destination: 'soc', from: '2026-11-20', to: '2026-11-20T11:00:00Z' } }, 'replay.from: from must be an ISO 8601 time with a zone'],
    [{ hello: 'world' }, 'expected a stream batch, {"drain": true} or {"replay": {"destination", "from", "to"}}'],
  ])('answers a bad request %j with a JSON error and sends nothing', async (event, message) => {
    // Act
    const answer = await p.handler(event);
    // Assess
    expect({ answer, sent: p.sender.sent.length, read: p.periods.length, recorded: p.recorded.length }).toEqual({
      answer: { error: { code: 'invalid_request', message } },
      sent: 0,
      read: 0,
      recorded: 0,
    });
  });

  it('answers a replay the destination did not take with delivery_failed', async () => {
    // Prepare
    p.sender.down = true;
    // Act
    const answer = await p.handler({ replay: { destination: 'soc', from: '2026-11-20T10:00:00Z', to: '2026-11-20T11:00:00Z' } });
    // Assess
    expect(answer).toEqual({ error: { code: 'delivery_failed', message: 'soc: down' } });
  });

  it('gives the backlog holds back at the end of every invocation, whatever its shape', async () => {
    // Act
    await p.handler({ drain: true });
    await p.handler({ Records: [] });
    await p.handler({ nonsense: true });
    // Assess
    expect(p.releases()).toBe(3);
  });
});

describe('the forwarder AWS wiring', () => {
  const destinations: AwsSiemDestination[] = [
    { name: 'soc-webhook', kind: 'webhook', format: 'json', url: 'https://siem.soc.example.gov/ingest', secretArn: WEBHOOK_SECRET_ARN },
    { name: 'lake', kind: 's3', format: 'ocsf', bucket: 'soc-security-lake', prefix: 'dmis' },
  ];

  it('builds a route per destination, reading each secret by its ARN', async () => {
    // Prepare
    const asked: string[] = [];
    const secretText = async (arn: string) => {
      asked.push(arn);
      return SECRET;
    };
    // Act
    const routes = await awsSiemRoutes(destinations, { secretText, s3: new S3Client({ region: 'eu-west-1' }) });
    // Assess
    expect(routes.map((r) => [r.name, r.format, r.sender.destination])).toEqual([
      ['soc-webhook', 'json', 'soc-webhook'],
      ['lake', 'ocsf', 'lake'],
    ]);
    expect(routes[1]?.sender).toBeInstanceOf(S3SiemWriter);
    expect(asked).toEqual([WEBHOOK_SECRET_ARN]);
  });

  it('reads the destinations and their queues from the environment', () => {
    // Act
    const parsed = destinationsOf(JSON.stringify(destinations));
    const queues = backlogQueuesOf(JSON.stringify({ 'soc-webhook': 'https://sqs.eu-west-1.amazonaws.com/1/a.fifo', lake: 'https://sqs.eu-west-1.amazonaws.com/1/b.fifo' }), parsed);
    // Assess
    expect({ parsed, queues: [...queues] }).toEqual({
      parsed: destinations,
      queues: [
        ['soc-webhook', 'https://sqs.eu-west-1.amazonaws.com/1/a.fifo'],
        ['lake', 'https://sqs.eu-west-1.amazonaws.com/1/b.fifo'],
      ],
    });
  });

  it('names the variable of a bad destination list or a missing queue', () => {
    expect(() => destinationsOf('[{"name":"x","kind":"webhook"}]')).toThrow(/^SIEM_DESTINATIONS is invalid at 0/);
    expect(() => backlogQueuesOf('{}', destinations)).toThrow('SIEM_BACKLOG_QUEUES has no queue URL for destination soc-webhook');
  });
});
