import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionSecurityFrom } from '../../src/config/tls-settings.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-settings-'));
const file = (name: string, text: string) => { const p = path.join(dir, name); fs.writeFileSync(p, text); return p; };

describe('TLS and credential settings', () => {
  it('are absent when nothing is set: plain TCP and HTTP, as on the local stack', () => {
    expect(connectionSecurityFrom({})).toEqual({});
  });

  it('read the PEM files named by the variables, for SASL_SSL or mutual TLS, HTTPS and rediss', () => {
    const env = {
      KAFKA_TLS_CA_FILE: file('ca.pem', 'CA'), KAFKA_TLS_CERT_FILE: file('c.pem', 'CERT'), KAFKA_TLS_KEY_FILE: file('k.pem', 'KEY'),
      SCHEMA_REGISTRY_USERNAME: 'hub', SCHEMA_REGISTRY_PASSWORD: 'pw', SCHEMA_REGISTRY_CA_FILE: file('rca.pem', 'RCA'),
      REDIS_URL: 'rediss://127.0.0.1:6380', REDIS_TLS_CA_FILE: file('redis-ca.pem', 'REDISCA'), REDIS_USERNAME: 'hub', REDIS_PASSWORD: 'pw2',
    };
    expect(connectionSecurityFrom(env)).toEqual({
      kafkaTls: { ca: 'CA', cert: 'CERT', key: 'KEY' },
      registryAuth: { username: 'hub', password: 'pw' }, registryCa: 'RCA',
      redisTls: { ca: 'REDISCA' }, redisUser: { username: 'hub', password: 'pw2' },
    });
    expect(connectionSecurityFrom({ KAFKA_TLS: 'true', SCHEMA_REGISTRY_TOKEN: 't' })).toEqual({ kafkaTls: {}, registryAuth: { token: 't' } });
  });

  it('name the setting at fault', () => {
    expect(() => connectionSecurityFrom({ KAFKA_TLS_CERT_FILE: 'x' })).toThrow(/KAFKA_TLS_KEY_FILE is not set/);
    expect(() => connectionSecurityFrom({ KAFKA_TLS_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(/KAFKA_TLS_CA_FILE: cannot read/);
    expect(() => connectionSecurityFrom({ REDIS_PASSWORD: 'x' })).toThrow(/REDIS_USERNAME is not set/);
    expect(() => connectionSecurityFrom({ SCHEMA_REGISTRY_TOKEN: 't', SCHEMA_REGISTRY_USERNAME: 'u', SCHEMA_REGISTRY_PASSWORD: 'p' })).toThrow(/not both/);
    expect(() => connectionSecurityFrom({ KAFKA_TLS: 'yes' })).toThrow(/KAFKA_TLS must be true or false/);
  });
});
