/**
 * One smoke run: the API checks of one event, the alarm checks, then the other
 * post-deploy commands through the seam, in that order. `bin/smoke.ts` is the command
 * line around it; the integration test calls it in-process against the local runtime.
 */
import { alarmChecks } from './smoke-alarm-checks';
import type { SmokeTarget } from './smoke-client';
import { eventChecks } from './smoke-event-checks';
import { roleChecks } from './smoke-role-checks';
import { runExternal, runTsx, type CommandRunner, type ExternalCheck } from './smoke-external';
import type { SmokeRow } from './smoke-report';

/** What a smoke run needs besides its target. */
export interface SmokeOptions {
  /** How long to wait for the event's block, and for the alarm. */
  readonly sealTimeoutMs: number;
  readonly alarmTimeoutMs: number;
  /** Check that each role is refused the other's routes (needs two identities). */
  readonly checkRoles: boolean;
  /** Fire the failed-logins alarm (it notifies its subscribers). */
  readonly triggerAlarm: boolean;
  readonly pollMs: number;
  /** The public key a proof must be signed by; default: the key the proof carries. */
  readonly trustedPublicKeyPem?: string;
  /** The checks of other commands to run after the API checks. */
  readonly external: readonly ExternalCheck[];
  /** @default runTsx */
  readonly runCommand?: CommandRunner;
}

/** Runs every check against the target, in order, and returns the rows. */
export async function runSmoke(target: SmokeTarget, options: SmokeOptions): Promise<SmokeRow[]> {
  const rows = [
    ...(await eventChecks(target.call, options)),
    ...(await roleChecks(target.call, options.checkRoles)),
    ...(await alarmChecks(target.call, options)),
  ];
  for (const check of options.external) rows.push(await runExternal(check, options.runCommand ?? runTsx));
  return rows;
}
