/**
 * The real browser for the console tests: Debian's chromium (or CHROMIUM_PATH) driven by
 * puppeteer-core, with axe-core run on each page, Content-Security-Policy violations and
 * page errors collected, and a screenshot of each page in test-artifacts/console/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The page's globals as the functions evaluated in the browser use them (the Node test program has no DOM library). */
interface AxeResults {
  readonly violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
}
declare const document: {
  addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
};
declare const window: { reportCspViolation(text: string): void; axe: { run(context: unknown, options: object): Promise<AxeResults> } };

/** Where screenshots go (gitignored). */
export const ARTIFACT_DIR = join(process.cwd(), 'test-artifacts', 'console');

/** The chromium binary: CHROMIUM_PATH, else /usr/bin/chromium; a missing one fails the run, never skips it. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`chromium not found at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return path;
}

/** Headless chromium; --no-sandbox only when running as root (CI containers). */
export function launchBrowser(): Promise<Browser> {
  const root = process.getuid?.() === 0;
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...(root ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', '--window-size=1280,900'],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** What went wrong in the page: CSP violations and uncaught errors. */
export interface PageProblems {
  readonly csp: string[];
  readonly errors: string[];
}

/** A page that records CSP violations (from the first script on) and uncaught errors. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage();
  const problems: PageProblems = { csp: [], errors: [] };
  await page.exposeFunction('reportCspViolation', (text: string) => problems.csp.push(text));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('pageerror', (error) => problems.errors.push(String(error)));
  return { page, problems };
}

let axeSource: string | undefined;

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through DevTools, not as a <script>: the page's CSP stays in force.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(' ')}`);
}

/** Saves a full-page screenshot as test-artifacts/console/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACT_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACT_DIR, `${name}.png`) as `${string}.png`, fullPage: true });
}

/** Performance measures the console records (`console:rows`, `console:verify`), in ms, newest last. */
export function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
}
