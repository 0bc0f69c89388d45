/**
 * Every catalogue type (and a custom one) as OCSF 1.8.0, validated against the compiled
 * schema by test/fixtures/ocsf-validate.ts; the validator itself shown able to fail.
 */
import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../../../lambdas/core/catalogue';
import { OCSF_MAPPINGS } from '../../../lambdas/core/siem/ocsf-classes';
import { ocsfEvent } from '../../../lambdas/core/siem/ocsf';
import { ocsfSchema, validateOcsf } from '../../fixtures/ocsf-validate';
import { SAMPLE_TYPES, storedSample } from './sample-events';

const record = (type: string, overrides = {}) => ocsfEvent(storedSample(type, overrides)) as unknown as Record<string, unknown>;

describe('ocsfEvent', () => {
  it.each(SAMPLE_TYPES)('maps %s to a record the OCSF 1.8.0 schema accepts', (type) => {
    expect(validateOcsf(record(type))).toEqual([]);
  });

  it.each(SAMPLE_TYPES)('maps %s without its optional fields to a valid record too', (type) => {
    const bare = { actor: { userId: 'u-1' }, target: undefined, changes: undefined, metadata: undefined, reason: undefined };
    expect(validateOcsf(record(type, bare))).toEqual([]);
  });

  it('has a mapping for every catalogue type', () => {
    expect(Object.keys(EVENT_CATALOGUE).filter((type) => !Object.hasOwn(OCSF_MAPPINGS, type))).toEqual([]);
  });

  it.each([
    ['auth.login.failure', 3002, 1, 2],
    ['auth.logout', 3002, 2, 1],
    ['auth.password.reset', 3001, 4, 1],
    ['account.disable', 3001, 5, 1],
    ['authz.role.grant', 3005, 1, 1],
    ['authz.role.revoke', 3005, 2, 1],
    ['authz.access.denied', 6003, 2, 2],
    ['dispatch.create', 6003, 1, 1],
    ['config.change', 6003, 3, 1],
    ['audit.integrity.failed', 2003, 1, 1],
    ['system.error', 6008, 1, 2],
    ['custom.warehouse.stock_count', 0, 99, 1],
  ])('maps %s to class %i, activity %i, status %i', (type, classUid, activityId, statusId) => {
    expect(record(type)).toMatchObject({ class_uid: classUid, activity_id: activityId, type_uid: classUid * 100 + activityId, status_id: statusId });
  });

  it('keeps the identifiers, times and hash of the stored event', () => {
    const event = storedSample('donation.update');
    expect(ocsfEvent(event)).toMatchObject({
      time: Date.parse(event.occurredAt),
      severity_id: 3,
      metadata: { version: '1.8.0', uid: event.eventId, event_code: 'donation.update', logged_time: Date.parse(event.ingestedAt), product: { name: 'Audit Trail', vendor_name: 'DMIS' } },
      actor: { user: { uid: 'officer-17' } },
      src_endpoint: { ip: '203.0.113.7' },
      resources: [{ type: 'donation', uid: 'DN-2041' }],
      unmapped: { contentHash: event.contentHash, changes: event.changes, metadata: event.metadata },
    });
  });

  it('names the granted role from metadata and the revoked one from the roles change', () => {
    expect([record('authz.role.grant').privileges, record('authz.role.revoke').privileges]).toEqual([['logistics_supervisor'], ['approver']]);
  });

  it('marks a denied access with the security_control profile', () => {
    expect(record('authz.access.denied')).toMatchObject({ action_id: 2, disposition_id: 2, metadata: { profiles: ['security_control'] }, http_request: { http_method: 'GET' } });
  });

  it('files an integrity failure as a failed AU-9 compliance check', () => {
    expect(record('audit.integrity.failed').compliance).toEqual({ control: 'AU-9', standards: ['NIST SP 800-53 Rev. 5'], status_id: 3, status: 'Fail' });
    expect(record('audit.integrity.verified').compliance).toMatchObject({ status_id: 1 });
  });

  it('places a custom type by its category', () => {
    expect(record('custom.warehouse.stock_count', { category: 'data_change' })).toMatchObject({ class_uid: 6003, activity_id: 99, activity_name: 'Stock Count' });
  });
});

describe('the OCSF validator', () => {
  const valid = () => structuredClone(record('authz.role.grant'));

  it('reads the 1.8.0 schema', () => {
    expect(ocsfSchema().version).toBe('1.8.0');
  });

  it('rejects a missing required attribute', () => {
    const r = valid();
    delete r.privileges;
    expect(validateOcsf(r)).toContain('user_access.privileges: required');
  });

  it('rejects a missing required attribute of a nested object', () => {
    const r = valid();
    delete (r.metadata as Record<string, unknown>).version;
    expect(validateOcsf(r)).toContain('user_access.metadata.version: required');
  });

  it('rejects a value outside its enum', () => {
    expect(validateOcsf({ ...valid(), severity_id: 7 })).toContain('user_access.severity_id: 7 is not in its enum');
  });

  it('rejects a value of the wrong type', () => {
    expect(validateOcsf({ ...valid(), time: '2026-11-20T10:15:30Z' })).toContain('user_access.time: "2026-11-20T10:15:30Z" is not a long_t');
    expect(validateOcsf({ ...valid(), src_endpoint: { ip: 'not-an-ip' } })).toContain('user_access.src_endpoint.ip: "not-an-ip" does not match ip_t');
    expect(validateOcsf({ ...valid(), privileges: 'admin' })).toContain('user_access.privileges: must be an array');
  });

  it('rejects an unknown attribute, at the top and inside an object, but not inside unmapped', () => {
    const r = { ...valid(), contentHash: 'x', actor: { user: { uid: 'a', roles: ['x'] } }, unmapped: { anything: { goes: 1 } } };
    expect(validateOcsf(r).sort()).toEqual(['user_access.actor.user.roles: not an attribute of user_access.actor.user', 'user_access.contentHash: not an attribute of user_access']);
  });

  it('rejects a type_uid that is not class_uid * 100 + activity_id, and a wrong category', () => {
    expect(validateOcsf({ ...valid(), type_uid: 300502 })).toContain('type_uid: 300502 is not class_uid * 100 + activity_id');
    expect(validateOcsf({ ...valid(), category_uid: 6 })).toContain('category_uid: 6, class user_access is in 3');
  });

  it('rejects an unknown class', () => {
    expect(validateOcsf({ ...valid(), class_uid: 9999 })).toEqual(['class_uid: no class 9999']);
  });

  it('allows profile attributes only when the profile is applied, and then requires its required ones', () => {
    expect(validateOcsf({ ...valid(), action_id: 2 })).toContain('user_access.action_id: belongs to profile security_control, not applied');
    const withCloud = valid();
    (withCloud.metadata as Record<string, unknown>).profiles = ['cloud'];
    expect(validateOcsf(withCloud)).toContain('user_access.cloud: required');
  });

  it('checks at_least_one constraints', () => {
    expect(validateOcsf({ ...valid(), user: { type_id: 1 } })).toContain('user_access.user: needs at least one of account, name, uid');
  });
});
