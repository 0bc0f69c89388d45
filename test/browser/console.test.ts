import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { createLocalClients } from '../../local/clients';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { waitFor } from '../fixtures/wait-for';
import { launchBrowser, measures, screenshot, seriousViolations, watchedPage, type PageProblems } from './browser';
import { SEEDED, seedEvents } from './seed';

/**
 * The auditor console in a real browser against the real local stack (DynamoDB Local, the
 * sealer on 2 s blocks): sign in, search and page, open and verify an event (green), tamper
 * with its item in DynamoDB Local and verify again (red, naming the step), and every other
 * page with the seeded data. axe-core runs on every page and each page is photographed
 * into test-artifacts/console/. Waits are on conditions; the limits only bound a hung run
 * on a busy two-core machine.
 */

/**
 * The page's globals as the functions evaluated in the browser use them: the Node test
 * program has no DOM library, and these stay local to this module.
 */
interface PageNode {
  readonly textContent: string | null;
  readonly className: string;
  readonly tagName: string;
}
declare const document: {
  readonly activeElement: PageNode | null;
  querySelector(selector: string): PageNode | null;
};
declare const location: { hash: string };

const STARTUP_MS = 120_000;
const STEP_MS = 120_000;
const SEAL_WAIT_MS = 90_000;
const UI_WAIT_MS = 30_000;
/** The integrity page verifies every 2 s block since the stack started. */
const VERIFY_WAIT_MS = 90_000;
/** Blocks before this instant do not exist: the integrity checks start here rather than an hour back. */
const startedAt = new Date(Date.now() - 60_000).toISOString();

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
let problems: PageProblems;
let downloads: string;
const events = seedEvents();
const donationUpdate = events.find((e) => e.eventType === 'donation.update') as (typeof events)[number];
const failedLogin = events.find((e) => e.eventType === 'auth.login.failure') as (typeof events)[number];

async function api(path: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

beforeAll(async () => {
  Object.assign(process.env, { BLOCK_SECONDS: '2', SEAL_GRACE_SECONDS: '1' });
  const localDir = await mkdtemp(join(tmpdir(), 'dmis-console-browser-'));
  downloads = join(localDir, 'downloads');
  runtime = await startLocalRuntime({ localDir, port: 0, tableName: 'dmis-audit-local' });
  for (let i = 0; i < events.length; i += 100) {
    const res = await api('/v1/events', runtime.credentials.writer, { events: events.slice(i, i + 100) });
    expect(res.status).toBe(201);
  }
  browser = await launchBrowser();
  ({ page, problems } = await watchedPage(browser));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
}, STARTUP_MS);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  delete process.env.BLOCK_SECONDS;
  delete process.env.SEAL_GRACE_SECONDS;
});

/** Navigates inside the console (a link's target), as the address bar or a shared link would. */
async function go(hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

const textOf = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

async function waitText(selector: string, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    (sel, source) => {
      const text = document.querySelector(sel)?.textContent ?? '';
      return new RegExp(source).test(text) ? text : false;
    },
    { timeout: UI_WAIT_MS },
    selector,
    pattern.source,
  );
  return (await handle.jsonValue()) as string;
}

/** axe-core finds no serious or critical problem, and the page is photographed. */
async function checkPage(name: string): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, name);
}

async function fill(selector: string, value: string): Promise<void> {
  await page.locator(selector).fill(value);
}

describe('the auditor console in a browser', () => {
  it('signs in with the reader token', async () => {
    // Prepare
    await page.goto(`${runtime.apiUrl}/console/`);
    await page.waitForSelector('#token');
    await checkPage('sign-in');
    // Act
    await page.type('#token', runtime.credentials.reader);
    await page.keyboard.press('Enter');
    // Assess
    await page.waitForSelector('#nav:not([hidden]) a');
    await waitText('#result-count', /events on this page/);
  }, STEP_MS);

  it('is keyboard navigable: the skip link, the sections, and focus on each page\'s heading', async () => {
    // Prepare: start sequential focus navigation from the header.
    await page.click('.brand');
    // Act and assess
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Search');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stats');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === 'Stats', { timeout: UI_WAIT_MS });
  }, STEP_MS);

  it('searches with filters and pages through 100 rows at a time', async () => {
    // Act
    await go('#/search');
    await waitText('#result-count', /events on this page/);
    await fill('input[name=actor]', 'dispatcher');
    await page.select('select[name=limit]', '100');
    await page.click('form.filters button[type=submit]');
    // Assess
    await waitText('#result-count', /^100 events on this page$/);
    expect(await page.$$eval('table.events tbody tr', (rows) => rows.length)).toBe(100);
    const rowsMs = (await measures(page, 'console:rows')).at(-1) as number;
    console.log(`console: 100 rows rendered ${rowsMs.toFixed(1)} ms after the API answered`);
    await checkPage('search');
    await page.click('a[rel=next]');
    await waitText('#result-count', /^10 events on this page \(last page\)$/);
    expect(await page.evaluate(() => location.hash)).toMatch(/actor=dispatcher.*cursor=/);
    await page.click('a[rel=prev]');
    await waitText('#result-count', /^100 events on this page$/);
  }, STEP_MS);

  it('keeps the query in the URL: a reload shows the same results', async () => {
    // Prepare
    await go('#/search?actor=mallory&eventType=auth.login.failure&outcome=failure');
    await waitText('#result-count', /^12 events on this page \(last page\)$/);
    // Act
    await page.reload();
    // Assess
    await waitText('#result-count', /^12 events on this page \(last page\)$/);
    expect(await page.$eval('input[name=actor]', (el) => (el as unknown as { value: string }).value)).toBe('mallory');
    expect(await page.$eval('select[name=outcome]', (el) => (el as unknown as { value: string }).value)).toBe('failure');
  }, STEP_MS);

  it('shows an event with every field and its redaction manifest', async () => {
    // Act
    await page.click(`a[href="#/event/${failedLogin.eventId}"]`);
    // Assess
    await page.waitForSelector('#content-hash');
    expect(await textOf('#redacted-paths')).toContain('metadata.password');
    expect(await textOf('dl.fields')).toContain('[REDACTED]');
    expect(await textOf('dl.fields')).not.toContain('hunter2');
    expect(await textOf('#content-hash')).toMatch(/^[0-9a-f]{64}$/);
  }, STEP_MS);

  it('shows sealed personal values as a chip, and says the reader may not see them in clear', async () => {
    // Prepare: the failed login's page, from the previous step.
    await page.waitForSelector('#show-personal-data');
    const fields = await textOf('dl.fields');
    expect(fields).toMatch(/encrypted \(key [A-Za-z0-9_-]{1,8}…?\)/);
    expect(fields).not.toMatch(/pii:v1:|203\.0\.113\.66/);
    // Act
    await page.click('#show-personal-data');
    // Assess
    await waitText('#personal-data', /^Not permitted/);
    await checkPage('event-personal-data-refused');
  }, STEP_MS);

  it('searches by source IP: the sealed events from that address, each shown as a chip', async () => {
    // Act
    await go('#/search?ip=203.0.113.66');
    // Assess
    await waitText('#result-count', new RegExp(`^${SEEDED.failedLogins} events on this page \\(last page\\)$`));
    const sources = await page.$$eval('table.events tbody tr td:nth-child(6)', (cells) => cells.map((c) => c.textContent ?? ''));
    expect(sources).toHaveLength(SEEDED.failedLogins);
    expect(sources.every((text) => text.startsWith('encrypted (key '))).toBe(true);
    expect(await page.$eval('input[name=ip]', (el) => (el as unknown as { value: string }).value)).toBe('203.0.113.66');
  }, STEP_MS);

  it('verifies a sealed event in the browser: green, with the pinned key named', async () => {
    // Prepare: the event is sealed once its proof exists.
    await waitFor(async () => ((await api(`/v1/events/${donationUpdate.eventId}/proof`, runtime.credentials.reader)).status === 200 ? true : undefined), SEAL_WAIT_MS);
    await go('#/search?targetType=donation&targetId=DN-2041');
    await waitText('#result-count', /^4 events on this page/);
    await page.click(`a[href="#/event/${donationUpdate.eventId}"]`);
    await page.waitForSelector('#block dl');
    // Act
    await page.click('#verify');
    // Assess
    await page.waitForSelector('.result[data-ok]', { timeout: UI_WAIT_MS });
    expect(await page.$eval('.result[data-ok]', (el) => el.getAttribute('data-ok'))).toBe('true');
    const steps = await page.$$eval('.result li[data-step]', (items) => items.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-ok')]));
    expect(steps).toEqual(expect.arrayContaining([['content-hash', 'true'], ['audit-path', 'true'], ['block-hash', 'true'], ['signature', 'true']]));
    const pinned = await textOf('#pinned-keys');
    expect(pinned).toContain(await textOf('#signing-key'));
    console.log(`console: in-browser verification ${((await measures(page, 'console:verify')).at(-1) as number).toFixed(1)} ms`);
    await checkPage('event-verified');
  }, STEP_MS);

  it('shows a user\'s activity, a record\'s history side by side, and configuration changes', async () => {
    await go('#/timeline/user?actor=mallory');
    await waitText('#timeline-count', /^12 event\(s\), newest first$/);
    await checkPage('timeline-user');
    await go('#/timeline/record?targetType=donation&targetId=DN-2041');
    await waitText('#timeline-count', new RegExp(`^${SEEDED.donationEvents} event\\(s\\)`));
    const pairs = await page.$$eval('table.side-by-side tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(pairs).toEqual(expect.arrayContaining([['quantity', '10', '12'], ['quantity', '12', '15'], ['quantity', '15', '9'], ['item', '', 'water']]));
    await checkPage('timeline-record');
    await go('#/timeline/config');
    await waitText('#timeline-count', new RegExp(`^${SEEDED.configChanges} event\\(s\\)`));
    const config = await page.$$eval('table.side-by-side tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(config).toEqual([['value', '10', '14'], ['value', '30', '15']]);
    await checkPage('timeline-config');
  }, STEP_MS);

  it('charts the stats of the seeded period', async () => {
    await go('#/stats');
    await waitText('#stat-failed-logins', new RegExp(`^${SEEDED.failedLogins}$`));
    expect(await textOf('#stat-denials')).toBe(String(SEEDED.denials));
    expect(Number(await textOf('#stat-total'))).toBeGreaterThanOrEqual(events.length);
    const captions = await page.$$eval('figure figcaption', (c) => c.map((e) => e.textContent));
    expect(captions).toEqual(['Events per hour by category', 'Failed logins per hour', 'Access denied per hour', 'Top actors', 'Top source IPs']);
    const failedBars = await page.$$eval('figure:nth-of-type(2) tbody td.num', (cells) => cells.reduce((n, c) => n + Number(c.textContent), 0));
    expect(failedBars).toBe(SEEDED.failedLogins);
    expect(await page.$eval('svg.chart[aria-label^="Top actors"]', (s) => s.getAttribute('aria-label'))).toContain(`dispatcher ${SEEDED.dispatches}`);
    await checkPage('stats');
  }, STEP_MS);

  it('shows each alarm\'s state, its rule and the events that triggered it', async () => {
    const { json } = await api('/v1/alarms', runtime.credentials.reader);
    const states = new Map((json as { alarms: { name: string; state: string }[] }).alarms.map((a) => [a.name, a.state]));
    await go('#/alarms');
    await waitText('#alarm-summary', /alarms,/);
    const failed = await page.$eval('section[aria-label="failed-logins"]', (s) => s.textContent ?? '');
    expect(failed).toContain(states.get('failed-logins') as string);
    // Sealed at ingest, the address is named by its blind index, never in clear.
    expect(failed).toMatch(/auth\.login\.failure by mallory from h:[0-9a-f]{32}/);
    expect(failed).not.toContain('203.0.113.66');
    await checkPage('alarms');
  }, STEP_MS);

  it('renders the compliance report and downloads it and an export', async () => {
    await go('#/reports');
    await waitText('#report-failed-logins', new RegExp(`^${SEEDED.failedLogins} failed logins\\.$`));
    await checkPage('reports');
    await page.click('#download-markdown');
    const markdown = await waitFor(async () => {
      const name = (await readdir(downloads).catch(() => [] as string[])).find((f) => f.endsWith('.md'));
      return name ? readFile(join(downloads, name), 'utf8') : undefined;
    }, UI_WAIT_MS);
    expect(markdown).toMatch(/^# /m);
    await fill('form[aria-label="Export filters"] input[name=actor]', 'mallory');
    await page.select('form[aria-label="Export filters"] select[name=format]', 'csv');
    await page.click('form[aria-label="Export filters"] button[type=submit]');
    await waitText('#export-status', new RegExp(`Exported ${SEEDED.failedLogins} rows`));
    const csv = await waitFor(async () => readFile(join(downloads, 'audit-export.csv'), 'utf8').catch(() => undefined), UI_WAIT_MS);
    expect(csv.trim().split('\r\n')).toHaveLength(SEEDED.failedLogins + 1);
  }, STEP_MS);

  it('shows the integrity status: intact, the newest block and the seal lag', async () => {
    await go(`#/integrity?from=${startedAt}`);
    await page.waitForSelector('#integrity-verdict', { timeout: VERIFY_WAIT_MS });
    expect(await textOf('#integrity-verdict')).toMatch(/^Intact/);
    expect(await page.$eval('#integrity-verdict', (el) => el.getAttribute('data-ok'))).toBe('true');
    await page.waitForSelector('#seal-lag', { timeout: UI_WAIT_MS });
    await page.waitForSelector('#verifier-last', { timeout: UI_WAIT_MS });
    await checkPage('integrity');
  }, STEP_MS);

  it('after the event\'s item is altered in DynamoDB Local, verification turns red naming the content hash', async () => {
    // Prepare
    const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
    await documentClient.send(new UpdateCommand({
      TableName: runtime.tableName,
      Key: { pk: ITEM_KEYS.eventPk(donationUpdate.eventId as string), sk: ITEM_KEYS.eventSk },
      UpdateExpression: 'SET reason = :r',
      ExpressionAttributeValues: { ':r': 'quietly altered' },
    }));
    await go(`#/event/${donationUpdate.eventId}`);
    await page.reload();
    await page.waitForSelector('#block dl');
    // Act
    await page.click('#verify');
    // Assess
    await page.waitForSelector('.result[data-ok]', { timeout: UI_WAIT_MS });
    expect(await page.$eval('.result[data-ok]', (el) => [el.getAttribute('data-ok'), el.getAttribute('data-failed-step')])).toEqual(['false', 'content-hash']);
    expect(await textOf('.result strong')).toMatch(/^Not verified: .*content hash/i);
    await checkPage('event-tampered');
  }, STEP_MS);

  it('the integrity page then names the altered event', async () => {
    await go(`#/integrity?from=${startedAt}`);
    await page.waitForSelector('#integrity-verdict', { timeout: VERIFY_WAIT_MS });
    expect(await page.$eval('#integrity-verdict', (el) => el.getAttribute('data-ok'))).toBe('false');
    expect(await textOf('#integrity-verdict')).toContain(donationUpdate.eventId as string);
    await screenshot(page, 'integrity-tampered');
  }, STEP_MS);

  it('shows hostile text in an event as text: no markup is made and no script runs', async () => {
    // Arrange: markup and script in every kind of field a DMIS caller controls
    const hostile = '<img src=x id=planted onerror="window.__planted=1"><script>window.__planted=2</script>';
    const eventId = randomUUID();
    const res = await api('/v1/events', runtime.credentials.writer, {
      eventId, occurredAt: new Date().toISOString(), eventType: 'custom.console.probe',
      actor: { userId: '<b>mallory</b>' }, target: { type: 'note', id: '"><svg onload=alert(1)>' }, outcome: 'success',
      reason: hostile, metadata: { [hostile]: hostile }, changes: [{ field: 'title', oldValue: hostile, newValue: '</dd><iframe src=javascript:alert(1)>' }],
    });
    expect(res.status).toBe(201);
    // Act
    await go(`#/event/${eventId}`);
    // Assess
    await waitText('dl.fields', /window\.__planted=2/);
    expect(await textOf('dl.fields')).toContain(hostile);
    expect(await page.$$('#planted, svg[onload], iframe, dl.fields script')).toHaveLength(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __planted?: number }).__planted)).toBeUndefined();
    await go(`#/search?actor=${encodeURIComponent('<b>mallory</b>')}`);
    await waitText('main', /<b>mallory<\/b>/);
    expect(await page.$$('main b')).toHaveLength(0);
  }, STEP_MS);

  it('kept to its Content-Security-Policy and threw no error on any page', () => {
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
