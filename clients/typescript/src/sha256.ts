/**
 * SHA-256 / HMAC-SHA-256 from node:crypto in the shape @smithy/signature-v4 takes. The
 * package ships on its own, so it carries this small adapter rather than importing the
 * application's copy (lambdas/adapters/sigv4/node-sha256.ts).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** A node:crypto hash the signer can drive. */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = NodeSha256.start(secret);
  }

  private static start(secret?: SourceData): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  reset(): void {
    this.hash = NodeSha256.start(this.secret);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}
