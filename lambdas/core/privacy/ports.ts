/**
 * Ports of personal-data protection (crypto-shredding). Each data subject has their own
 * data key; personal fields are stored as AES-256-GCM ciphertext under it (sealed-value.ts),
 * and erasing a subject destroys the key. Implemented on DynamoDB with KMS wrapping
 * (lambdas/adapters/dynamodb, lambdas/adapters/kms) and locally with a key file
 * (lambdas/adapters/local); tests use the same adapters on DynamoDB Local.
 */

/** A subject's data key, unwrapped: held in memory only, never stored or logged. */
export interface SubjectKey {
  /** Opaque id stored beside every ciphertext made with this key (base64url, no `:`). */
  readonly keyId: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

/** What the store knows of one key id. */
export type KeyState =
  | { readonly kind: 'usable'; readonly key: SubjectKey }
  /** The key was destroyed: every value sealed under it reads `[erased]` for ever. */
  | { readonly kind: 'erased'; readonly keyId: string; readonly erasedAt: string }
  /** No such key (never existed, or a value not made by this system). */
  | { readonly kind: 'unknown'; readonly keyId: string };

/**
 * Wraps data keys under the key-encryption key: KMS on AWS, a key file locally. The
 * wrapped form is what the key store keeps; unwrapping needs the wrapping key's permission.
 */
export interface KeyWrapper {
  /** A fresh random 32-byte data key and its wrapped form, bound to `keyId`. */
  generate(keyId: string): Promise<{ readonly plaintext: Uint8Array; readonly wrapped: Uint8Array }>;
  /** The data key inside `wrapped`; throws when it was not wrapped for `keyId` by this wrapper. */
  unwrap(keyId: string, wrapped: Uint8Array): Promise<Uint8Array>;
}

/** One key the retention sweep may destroy. */
export interface ExpiringKey {
  readonly keyId: string;
  /** The latest retention end of any event sealed under the key (ISO 8601). */
  readonly retainUntil: string;
}

/**
 * The key store: a table of its own, with its own encryption key and IAM, apart from the
 * audit table. Keys are created on first use, never changed, and destroyed by erasure or
 * when every event sealed under them has passed retention.
 */
export interface SubjectKeyStore {
  /**
   * The subject's current key, created when the subject has none (concurrent creators
   * agree on one). Records that an event sealed under it is retained until `retainUntil`,
   * so the retention sweep never destroys a key while one of its events is kept.
   */
  keyFor(subjectId: string, retainUntil: string): Promise<SubjectKey>;
  /** The state of each key id asked for (for decryption). */
  keysById(keyIds: readonly string[]): Promise<ReadonlyMap<string, KeyState>>;
  /**
   * Destroys every key the subject ever had: the wrapped key material is removed from the
   * store, an erasure marker kept. Returns the ids destroyed (empty when none existed).
   */
  eraseSubject(subjectId: string, at: Date): Promise<readonly string[]>;
  /** Keys not yet destroyed whose `retainUntil` is before `before`, at most `limit`. */
  listExpired(before: Date, limit: number): Promise<readonly ExpiringKey[]>;
  /** Destroys one key (retention sweep); a key already destroyed stays destroyed. */
  destroyKey(keyId: string, at: Date): Promise<void>;
}

/**
 * The secret of the keyed hashes (HMAC-SHA-256) that stand in for personal values in
 * index keys: derived from a KMS HMAC key on AWS, a file in `.local/` locally.
 */
export type BlindIndexKeySource = () => Promise<Uint8Array>;

/**
 * The `purpose` every wrap and unwrap of a subject key carries (the KMS encryption context
 * on AWS): the wrapping key's policy refuses any other use.
 */
export const SUBJECT_KEY_PURPOSE = 'dmis-audit-subject-key';
