/** The console's in-browser proof verification (WebCrypto only): what the pages import. */
export { verifyEvent } from './verify-event';
export { keyFingerprint } from './keys';
export type { VerifyOptions, VerifyResult, VerifyStep, VerifyStepId } from './types';
