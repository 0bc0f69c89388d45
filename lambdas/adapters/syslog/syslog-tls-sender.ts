/**
 * Syslog over TLS (RFC 5425): each record is one RFC 5424 message in octet-counting
 * framing, written on one long-lived TLS connection. The server's certificate must chain
 * to the configured CA and name the host; a client certificate is offered when configured
 * (mutual TLS). A send resolves once its bytes are written to the socket; any failure is a
 * SiemDeliveryError naming the destination and the reason, never a key. After a failed
 * connection the next attempt waits an exponentially growing backoff, and sends in that
 * window fail at once, so a destination that is down costs nothing but its backlog.
 *
 * RFC 5425 has no application acknowledgement: bytes written just before the server
 * dies can be lost with the connection. The forwarder's replay closes that gap.
 */
import { isIP } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { SiemDeliveryError, type SiemRecord, type SiemSender } from '../../core/siem/ports';

/** Where and how to connect. Certificates and the key are PEM text. */
export interface SyslogTlsOptions {
  readonly destination: string;
  readonly host: string;
  readonly port: number;
  /** The CA the server's certificate must chain to (only this CA is trusted). */
  readonly caPem: string;
  readonly clientCertPem?: string;
  readonly clientKeyPem?: string;
  /** One record to its framed bytes (RFC 5424 message, octet-counted). */
  readonly frame: (record: SiemRecord) => Buffer;
  /** @default 5000 */
  readonly connectTimeoutMs?: number;
  /** TLS 1.3: how long to wait for the server to accept the connection after the handshake. @default 1000 */
  readonly acceptWaitMs?: number;
  /** Backoff after the first failed connection, doubled for each further one. @default 250 */
  readonly initialBackoffMs?: number;
  /** @default 30000 */
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
}

/** Sends records to one syslog server over TLS. */
export class SyslogTlsSender implements SiemSender {
  readonly destination: string;
  private socket: TLSSocket | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: SyslogTlsOptions) {
    if (Boolean(options.clientCertPem) !== Boolean(options.clientKeyPem)) {
      throw new Error(`${options.destination}: a client certificate needs its key, and a key its certificate`);
    }
    this.destination = options.destination;
    this.now = options.now ?? Date.now;
  }

  async send(records: readonly SiemRecord[]): Promise<void> {
    if (records.length === 0) return;
    const socket = await this.connected();
    const bytes = Buffer.concat(records.map((record) => this.options.frame(record)));
    await new Promise<void>((resolve, reject) => {
      socket.write(bytes, (error) => (error ? reject(this.failure('write failed', error)) : resolve()));
    }).catch((error: unknown) => {
      this.drop();
      throw error;
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 2000).unref();
    });
  }

  /** The open connection, or a new one; throws while backing off after a failure. */
  private async connected(): Promise<TLSSocket> {
    if (this.socket && this.socket.writable && !this.socket.destroyed) return this.socket;
    this.drop();
    const waitMs = this.nextAttemptAt - this.now();
    if (waitMs > 0) throw new SiemDeliveryError(this.destination, `down, next connection attempt in ${waitMs} ms`);
    try {
      this.socket = await this.open();
      this.failures = 0;
      return this.socket;
    } catch (error) {
      this.failures += 1;
      const backoff = (this.options.initialBackoffMs ?? 250) * 2 ** (this.failures - 1);
      this.nextAttemptAt = this.now() + Math.min(this.options.maxBackoffMs ?? 30_000, backoff);
      throw error;
    }
  }

  private open(): Promise<TLSSocket> {
    const { host, port } = this.options;
    return new Promise((resolve, reject) => {
      let socket: TLSSocket;
      try {
        socket = connect(this.tlsOptions());
      } catch (error) {
        // A certificate or key that does not parse: the error names the decoder, not the bytes.
        reject(this.failure('bad TLS settings', error as Error));
        return;
      }
      const fail = (error: Error) => {
        socket.destroy();
        reject(this.failure(`cannot connect to ${host}:${port}`, error));
      };
      socket.setTimeout(this.options.connectTimeoutMs ?? 5000, () => fail(new Error('connection timed out')));
      socket.once('error', fail);
      socket.once('secureConnect', () => void this.accepted(socket).then(() => {
        socket.setTimeout(0);
        socket.off('error', fail);
        // A connection that errors or closes later is dropped; the next send reconnects.
        socket.on('error', () => socket.destroy());
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
        });
        socket.setNoDelay(true);
        resolve(socket);
      }, fail));
    });
  }

  /**
   * In TLS 1.3 the client finishes its handshake before the server has checked the client
   * certificate: a server that refuses it answers with an alert instead of the session
   * tickets it sends otherwise. Waiting for either (at most `acceptWaitMs`) keeps a refused
   * client from writing into a connection that is about to be closed.
   */
  private accepted(socket: TLSSocket): Promise<void> {
    if (socket.getProtocol() !== 'TLSv1.3') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        socket.off('session', onSession).off('error', done).off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      // Writing while the 'session' event is still being emitted corrupts the TLS record
      // stream (bad record MAC): resolve on the next turn of the event loop.
      const onSession = () => setImmediate(() => done());
      const onClose = () => done(new Error('closed by the server during the handshake'));
      const timer = setTimeout(() => done(), this.options.acceptWaitMs ?? 1000);
      socket.once('session', onSession).once('error', done).once('close', onClose);
    });
  }

  private tlsOptions(): ConnectionOptions {
    const { host, port, caPem, clientCertPem, clientKeyPem } = this.options;
    return {
      host,
      port,
      ca: caPem,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      // SNI carries names only; an IP address is still checked against the certificate's IP SANs.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(clientCertPem && clientKeyPem ? { cert: clientCertPem, key: clientKeyPem } : {}),
    };
  }

  private drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  /** A delivery error with the cause's code or message: node:tls errors never quote the key. */
  private failure(what: string, cause: Error): SiemDeliveryError {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code ? `${code}: ${cause.message}` : cause.message;
    return new SiemDeliveryError(this.destination, `${what} (${reason})`);
  }
}
