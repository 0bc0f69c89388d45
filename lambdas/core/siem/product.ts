/**
 * How the audit trail names itself to a SIEM: the CEF header's vendor, product and version,
 * and OCSF's `metadata.product`. One definition, so every format says the same.
 */
export const SIEM_PRODUCT = {
  vendor: 'DMIS',
  name: 'Audit Trail',
  /** The release, kept equal to package.json's `version` (a test checks it). */
  version: '0.1.0',
} as const;
