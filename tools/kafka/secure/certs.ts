import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KafkaToolError } from '../errors';

/** What the secured broker and its clients need from the certificate step. */
export interface BrokerCertificates {
  /** PEM of the local CA: clients (KAFKA_SSL_CA_FILE) and the broker's own truststore. */
  caFile: string;
  /** PKCS12 keystore with the broker's key and certificate chain. */
  keystoreFile: string;
  /** Password of the keystore (random, kept in `<dir>/keystore.password`, mode 0600). */
  keystorePassword: string;
}

/** Subject alternative names of the broker certificate: clients verify the host they dial against them. */
const BROKER_SAN = 'IP:127.0.0.1,DNS:localhost';
const DAYS = 825;

function openssl(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  if (r.error) {
    throw new KafkaToolError(
      `The secured broker needs openssl to generate its certificates, but it could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}). ` +
        'Install it (Debian/Ubuntu: `sudo apt-get install openssl`).',
    );
  }
  if (r.status !== 0) throw new KafkaToolError(`openssl ${args[0]} failed (exit code ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
}

/**
 * A private CA and a broker certificate signed by it, made with openssl at the first
 * start and reused afterwards (clients keep trusting the same CA across restarts).
 * Keys never leave `dir`; the keystore password is passed to openssl through the
 * environment, not the command line, so it does not show up in the process list.
 */
export function ensureBrokerCertificates(dir: string): BrokerCertificates {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = path.join(dir, 'ca.pem');
  const keystoreFile = path.join(dir, 'broker.p12');
  const passwordFile = path.join(dir, 'keystore.password');
  if (fs.existsSync(caFile) && fs.existsSync(keystoreFile) && fs.existsSync(passwordFile)) {
    return { caFile, keystoreFile, keystorePassword: fs.readFileSync(passwordFile, 'utf8').trim() };
  }

  const keystorePassword = randomBytes(24).toString('base64url');
  const caKey = path.join(dir, 'ca.key');
  const brokerKey = path.join(dir, 'broker.key');
  const csr = path.join(dir, 'broker.csr');
  const brokerCert = path.join(dir, 'broker.pem');
  const ext = path.join(dir, 'broker.ext');
  fs.writeFileSync(ext, `subjectAltName=${BROKER_SAN}\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);

  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caFile, '-days', String(DAYS), '-subj', '/CN=kstream local Kafka CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', brokerKey, '-out', csr, '-subj', '/CN=localhost']);
  openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', brokerCert, '-days', String(DAYS), '-extfile', ext], {}, dir);
  openssl(['pkcs12', '-export', '-in', brokerCert, '-inkey', brokerKey, '-certfile', caFile, '-name', 'broker', '-out', keystoreFile, '-passout', 'env:KSTREAM_KEYSTORE_PASSWORD'],
    { KSTREAM_KEYSTORE_PASSWORD: keystorePassword });

  // The CA key is only needed to sign the one broker certificate: drop it, so nothing here can mint more.
  for (const f of [caKey, brokerKey, csr, ext, path.join(dir, 'ca.srl')]) fs.rmSync(f, { force: true });
  fs.writeFileSync(passwordFile, `${keystorePassword}\n`, { mode: 0o600 });
  fs.chmodSync(keystoreFile, 0o600);
  return { caFile, keystoreFile, keystorePassword };
}
