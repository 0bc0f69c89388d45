/**
 * How an event's source address (`actor.ip`) is named wherever the stored event's text
 * must not go as it is: the security log line and the brute-force detector, SIEM records,
 * the scheduled reports, the console. A sealed address (sealed-value.ts) is named by its
 * blind index, `h:<blind>`: the same keyed hash for the same address, so counting per
 * address keeps working, and neither its ciphertext (different in every event) nor its
 * plaintext ever leaves the trail. An address stored in clear (written before personal
 * data was sealed, or by a deployment without it) is named as it is.
 */
import { isSealedValue, parseSealedValue } from './sealed-value';

/** Marks a name that is a blind index, not an address: `h:<32 hex digits>`. */
export const BLIND_NAME_PREFIX = 'h:';

/** The name of a stored actor.ip: `h:<blind>` when sealed, the address when clear, else undefined. */
export function sourceIpName(stored: unknown): string | undefined {
  return clearIpOf(stored) ?? sealedIpName(stored);
}

/** `h:<blind>` when the stored actor.ip is sealed with a blind index; undefined otherwise. */
export function sealedIpName(stored: unknown): string | undefined {
  const blind = ipBlindOf(stored);
  return blind === undefined ? undefined : `${BLIND_NAME_PREFIX}${blind}`;
}

/** The blind index of a sealed actor.ip, or undefined when it is clear, absent or has none. */
export function ipBlindOf(stored: unknown): string | undefined {
  return parseSealedValue(stored)?.blind;
}

/** The address when `stored` is one in clear; undefined when sealed or absent. */
export function clearIpOf(stored: unknown): string | undefined {
  return typeof stored === 'string' && !isSealedValue(stored) ? stored : undefined;
}
