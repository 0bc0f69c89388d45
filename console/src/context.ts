/** What every page gets: the API, the configuration, where to render, and the route. */
import type { ApiTransport } from './api/transport';
import type { ConsoleConfig } from './config';
import type { Route } from './router';

/** A page's inputs. `view` is the page's own element; once the user navigates away it is detached, so late writes are harmless. */
export interface PageContext {
  readonly api: ApiTransport;
  readonly config: ConsoleConfig;
  readonly view: HTMLElement;
  readonly route: Route;
}

/** Renders one page into `context.view`. */
export type Page = (context: PageContext) => Promise<void>;

/** Marks the time from an API answer to rows on screen (read by the browser tests through the Performance API). */
export function measureSince(name: string, startMark: string): void {
  performance.measure(name, startMark);
}
