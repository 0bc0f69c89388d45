/**
 * Which webhook URLs the forwarder may post to: https anywhere, plain http only to this
 * machine (a loopback address), so signed audit records never cross a network in clear.
 * Checked when the configuration is loaded, before anything is sent.
 */
import { isIP } from 'node:net';

/** Throws an error naming the destination when its URL may not be used. */
export function assertWebhookUrl(destination: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`SIEM destination ${destination}: url is not a valid URL`);
  }
  if (parsed.username || parsed.password) {
    throw new Error(`SIEM destination ${destination}: url must not carry credentials`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopback(parsed.hostname)) return parsed;
  throw new Error(
    `SIEM destination ${destination}: url must be https, or http to a loopback address (127.0.0.0/8, ::1, localhost)`,
  );
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && host === '::1';
}
