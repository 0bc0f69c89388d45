/**
 * Search by source address (`GET /v1/events?ip=`). A sealed actor.ip cannot be compared
 * with an address, so the search compares keyed hashes: the blind index of the address
 * asked for (privacy/field-cipher.ts, under the query function's blind index key) with the
 * blind part of each stored sealed value, and with the item's `ipKey` attribute in the
 * store's filter. An address stored in clear (before personal data was sealed) is matched
 * by its spelling. Only the blind, never the address, is recorded with the read.
 */
import { ValidationError } from '../errors';
import { blindIndexOf, canonicalIp } from '../privacy/field-cipher';
import type { BlindIndexKeySource } from '../privacy/ports';
import { BLIND_NAME_PREFIX, clearIpOf, ipBlindOf } from '../privacy/sealed-ip';

/** The source-address filter of a search, resolved. */
export interface IpFilter {
  /** The blind index of the address: what a sealed actor.ip and the `ipKey` item attribute hold. */
  readonly blind: string;
  /** The spellings an actor.ip stored in clear is matched against: as asked and canonical. */
  readonly addresses: readonly string[];
}

/** The filter for `address` (already validated as an IP address); needs the blind index key. */
export async function ipFilterOf(address: string, blindIndexKey: BlindIndexKeySource | undefined): Promise<IpFilter> {
  if (!blindIndexKey) {
    throw new ValidationError('search by ip is not available: no blind index key is configured', [{ path: 'ip', message: 'not available' }]);
  }
  const blind = blindIndexOf('ip', address, await blindIndexKey());
  return { blind, addresses: [...new Set([address, canonicalIp(address)])] };
}

/** True when the stored actor.ip (sealed or clear) is the filter's address. */
export function ipMatches(storedIp: unknown, filter: IpFilter): boolean {
  const blind = ipBlindOf(storedIp);
  if (blind !== undefined) return blind === filter.blind;
  const clear = clearIpOf(storedIp);
  return clear !== undefined && filter.addresses.includes(clear);
}

/** The filter as it may be recorded and fingerprinted: its blind name, never the address. */
export function ipFilterName(filter: IpFilter): string {
  return `${BLIND_NAME_PREFIX}${filter.blind}`;
}
