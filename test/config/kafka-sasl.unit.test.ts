// KAFKA_SASL_*: read once with the other settings, all three or none, and only beside KAFKA_BROKERS.
import { describe, expect, it } from 'vitest';
import { hubAcls } from '../../infra/index.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { topicNames } from '../../src/config/topics.ts';

const base = { KAFKA_BROKERS: '127.0.0.1:9096' };
const full = { ...base, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'hub', KAFKA_SASL_PASSWORD: 'secret' };

describe('KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD', () => {
  it('gives no SASL when none is set', () => {
    expect(hubSettingsFrom(base).kafkaSasl).toBeUndefined();
  });
  it('gives the credentials when all three are set', () => {
    expect(hubSettingsFrom(full).kafkaSasl).toEqual({ mechanism: 'scram-sha-256', username: 'hub', password: 'secret' });
    expect(hubSettingsFrom({ ...full, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' }).kafkaSasl?.mechanism).toBe('scram-sha-512');
  });
  it.each(['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'])('names %s when it alone is missing', (name) => {
    expect(() => hubSettingsFrom({ ...full, [name]: '' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(`${name} is not set`) }));
  });
  it('refuses an unknown mechanism, and SASL without KAFKA_BROKERS', () => {
    expect(() => hubSettingsFrom({ ...full, KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM must be one of/);
    expect(() => hubSettingsFrom({ ...full, KAFKA_BROKERS: '' })).toThrow(/KAFKA_SASL_MECHANISM needs KAFKA_BROKERS/);
  });
});

describe('the hub principal\'s ACLs', () => {
  it('follow the topic prefix: topics, groups and transactional ids under <prefix>.', () => {
    const acls = hubAcls(topicNames('sikker-1'), { caseSystems: ['demo-sagssystem'], funds: [{ user: 'akasse-aak', code: 'aak' }], hub: { user: 'hub', topicPrefix: 'sikker-1' } });
    const names = acls.filter((a) => a.principal === 'User:hub').map((a) => `${a.resourceType}:${a.resourceName}`);
    expect(names).toEqual(expect.arrayContaining(['2:sikker-1.', '3:sikker-1.', '5:sikker-1.', '4:kafka-cluster', '3:akasse-aak.']));
    expect(names.some((n) => n.includes(':hub.'))).toBe(false);
  });
});
