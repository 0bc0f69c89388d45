import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ExportSink } from '../../core/query/ports';
import { NodeSha256 } from '../sigv4/node-sha256';

const PAYLOAD_HASH_HEADER = 'x-amz-content-sha256';

/** How long an export's download link works. */
export const EXPORT_LINK_SECONDS = 15 * 60;

/**
 * Large exports on S3: written SSE-KMS with the audit key under `exports/`, returned as a
 * presigned GET URL valid for {@link EXPORT_LINK_SECONDS}. The bucket should expire
 * `exports/` objects after a day (lifecycle rule), so exports do not become a second archive.
 */
export class S3ExportSink implements ExportSink {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(name: string, contentType: string, body: Uint8Array): Promise<{ url: string; expiresAt: string }> {
    const key = `exports/${this.now().toISOString().slice(0, 10)}/${randomUUID()}/${name}`;
    await this.s3.send(new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentDisposition: `attachment; filename="${name}"`,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: this.kmsKeyId,
    }));
    return { url: await this.presignGet(key), expiresAt: new Date(this.now().getTime() + EXPORT_LINK_SECONDS * 1000).toISOString() };
  }

  private async presignGet(key: string): Promise<string> {
    const region = await this.s3.config.region();
    const hostname = `${this.bucket}.s3.${region}.amazonaws.com`;
    const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
    const signer = new SignatureV4({ service: 's3', region, credentials: this.s3.config.credentials, sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
    // S3 checks a presigned URL's signature over the literal UNSIGNED-PAYLOAD, not over an
    // empty body's hash. The header only tells the signer so: it is neither signed nor put
    // in the link, since the browser that follows the link never sends it.
    const signed = await signer.presign(
      {
        method: 'GET', protocol: 'https:', hostname, path, query: {},
        headers: { host: hostname, [PAYLOAD_HASH_HEADER]: 'UNSIGNED-PAYLOAD' },
      } as never,
      {
        expiresIn: EXPORT_LINK_SECONDS, signingDate: this.now(),
        unhoistableHeaders: new Set([PAYLOAD_HASH_HEADER]), unsignableHeaders: new Set([PAYLOAD_HASH_HEADER]),
      },
    );
    const query = new URLSearchParams(signed.query as Record<string, string>).toString();
    return `https://${hostname}${path}?${query}`;
  }
}
