import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';

type ObjectBody = NonNullable<GetObjectCommandOutput['Body']>;

/** An object's body, decoded; undefined when the key does not exist (absence is an answer, not an error). */
export async function readObject<T>(
  client: Pick<S3Client, 'send'>,
  location: { readonly bucket: string; readonly key: string },
  decode: (body: ObjectBody) => Promise<T>,
): Promise<T | undefined> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return response.Body ? await decode(response.Body) : undefined;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** 412 PreconditionFailed: the key exists. 409: a concurrent conditional write to it. */
export function isExistingObject(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 412 || status === 409;
}
