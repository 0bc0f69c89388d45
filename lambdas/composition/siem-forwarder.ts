/**
 * The SIEM forwarder's builder, shared by its Lambda entry and the local runtime: one
 * route per destination, each with the sender for its kind. Secrets and PEM text arrive
 * resolved (locally from `.local/siem.json`'s files, on AWS from Secrets Manager); only
 * the backlog and any extra routes (S3 on AWS) differ between the two.
 */
import { SyslogTlsSender } from '../adapters/syslog/syslog-tls-sender';
import { WebhookSender } from '../adapters/webhook/webhook-sender';
import type { StoredEvent } from '../core/event-schema';
import type { SiemFilter, SiemFormat } from '../core/siem/destinations';
import { createSiemForwarder, type SiemForwarderOptions } from '../core/siem/forwarder';
import type { SiemForwarder, SiemRecord, SiemRoute } from '../core/siem/ports';
import { siemRecord } from '../core/siem/records';
import { octetCountingFrame, syslogMessage } from '../core/siem/syslog';

/** What every destination has. */
interface RouteSettings {
  readonly name: string;
  readonly format: SiemFormat;
  readonly filter?: SiemFilter;
}

/** A syslog/TLS destination with its certificates (and client key) as PEM text. */
export interface SyslogRouteSettings extends RouteSettings {
  readonly host: string;
  readonly port: number;
  readonly caPem: string;
  readonly clientCertPem?: string;
  readonly clientKeyPem?: string;
  /** HOSTNAME and APP-NAME of the RFC 5424 header. */
  readonly hostname?: string;
  readonly appName?: string;
}

/** A webhook destination with its HMAC secret. */
export interface WebhookRouteSettings extends RouteSettings {
  readonly url: string;
  readonly secret: string;
  readonly caPem?: string;
}

/** The route of a syslog destination: each record is the format's text in an RFC 5424 message. */
export function syslogRoute(settings: SyslogRouteSettings): SiemRoute {
  const header = {
    ...(settings.hostname ? { hostname: settings.hostname } : {}),
    ...(settings.appName ? { appName: settings.appName } : {}),
  };
  const sender = new SyslogTlsSender({
    destination: settings.name,
    host: settings.host,
    port: settings.port,
    caPem: settings.caPem,
    ...(settings.clientCertPem ? { clientCertPem: settings.clientCertPem } : {}),
    ...(settings.clientKeyPem ? { clientKeyPem: settings.clientKeyPem } : {}),
    frame: (record: SiemRecord) => octetCountingFrame(record.body),
  });
  const record = (event: StoredEvent): SiemRecord => {
    const formatted = siemRecord(settings.format, event);
    return { ...formatted, body: syslogMessage(header, event, formatted.body) };
  };
  return { ...routeOf(settings), sender, record };
}

/** The route of a webhook destination; its URL is checked here (https, or http to loopback). */
export function webhookRoute(settings: WebhookRouteSettings): SiemRoute {
  const sender = new WebhookSender({
    destination: settings.name,
    url: settings.url,
    format: settings.format,
    secret: settings.secret,
    ...(settings.caPem ? { caPem: settings.caPem } : {}),
  });
  return { ...routeOf(settings), sender };
}

/** The forwarder over its routes and backlog. */
export function buildSiemForwarder(options: SiemForwarderOptions): SiemForwarder {
  return createSiemForwarder(options);
}

function routeOf(settings: RouteSettings): Pick<SiemRoute, 'name' | 'format' | 'filter'> {
  return { name: settings.name, format: settings.format, ...(settings.filter ? { filter: settings.filter } : {}) };
}
