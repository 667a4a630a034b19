import fs from 'node:fs';
import path from 'node:path';
import { HubError } from '../../src/shared/errors.ts';
import { run } from './processes.ts';

/**
 * A certificate authority of the local secured stack, made with openssl: a CA, one server
 * certificate for 127.0.0.1/localhost (Kafka's SASL_SSL and mutual-TLS listeners, Redis's TLS
 * port, the registry's HTTPS port) and, on demand, client certificates whose CN is a Kafka user
 * (mutual TLS maps the CN to the principal). Keys are unencrypted PKCS#8 PEM, files mode 0600.
 * Made once per folder and kept, so clients keep trusting the same CA across `down` and `up`.
 */
export interface LocalCa {
  readonly dir: string;
  /** The CA certificate clients trust. */
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** The server's key then certificate in one file (Kafka's PEM keystore). */
  readonly serverPemFile: string;
  /** A client certificate with CN=`user`, made on first use. */
  client(user: string): { certFile: string; keyFile: string };
}

const openssl = (args: string[]): void => {
  const r = run('openssl', args);
  if (!r || r.status !== 0) throw new HubError('SERVICE_UNHEALTHY', `openssl ${args[0]} failed: ${r?.stderr ?? 'openssl not found'}`);
};

const sign = (dir: string, name: string, subject: string, extensions: string): void => {
  const key = path.join(dir, `${name}-key.pem`);
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  fs.writeFileSync(ext, extensions);
  openssl(['x509', '-req', '-in', csr, '-CA', path.join(dir, 'ca.pem'), '-CAkey', path.join(dir, 'ca-key.pem'), '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', path.join(dir, `${name}-cert.pem`)]);
  fs.rmSync(csr);
  fs.rmSync(ext);
  fs.chmodSync(key, 0o600);
};

export const ensureLocalCa = (dir: string): LocalCa => {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = path.join(dir, 'ca.pem');
  if (!fs.existsSync(caFile)) {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path.join(dir, 'ca-key.pem')]);
    fs.chmodSync(path.join(dir, 'ca-key.pem'), 0o600);
    openssl(['req', '-x509', '-new', '-key', path.join(dir, 'ca-key.pem'), '-subj', '/CN=employment-data hub local CA', '-days', '3650', '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', caFile]);
    sign(dir, 'server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature\n');
    const pem = path.join(dir, 'server.pem');
    fs.writeFileSync(pem, fs.readFileSync(path.join(dir, 'server-key.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'server-cert.pem'), 'utf8'), { mode: 0o600 });
  }
  return {
    dir, caFile,
    serverCertFile: path.join(dir, 'server-cert.pem'),
    serverKeyFile: path.join(dir, 'server-key.pem'),
    serverPemFile: path.join(dir, 'server.pem'),
    client(user) {
      if (!/^[a-zA-Z0-9._-]+$/.test(user)) throw new HubError('CONFIG_INVALID', `a client certificate's user may hold letters, digits, '.', '_' and '-' only, not "${user}"`);
      const name = `client-${user}`;
      if (!fs.existsSync(path.join(dir, `${name}-cert.pem`))) sign(dir, name, `/CN=${user}`, 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n');
      return { certFile: path.join(dir, `${name}-cert.pem`), keyFile: path.join(dir, `${name}-key.pem`) };
    },
  };
};
