import { createHash, createHmac } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/**
 * SHA-256 and HMAC-SHA-256 from node:crypto, in the shape `@smithy/signature-v4` takes as
 * its `sha256` option: one implementation for every SigV4 signer here (presigned export
 * links, the CLI's API calls), with no extra dependency.
 */
export class NodeSha256 {
  private hash;

  constructor(private readonly secret?: SourceData) {
    this.hash = NodeSha256.start(secret);
  }

  private static start(secret?: SourceData) {
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
