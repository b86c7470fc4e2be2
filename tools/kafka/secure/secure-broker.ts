import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { BrokerHandle, BrokerOptions, ServerProperties, startBroker } from '../broker';
import { KafkaToolError } from '../errors';
import { AclGrant, applyAcls, serviceAcls } from './acls';
import { BrokerCertificates, ensureBrokerCertificates } from './certs';
import { ADMIN_USER, BROKER_USER, Credentials, ensureUserCredentials, formatScramArgs, scramJaas, SERVICE_USERS, ServiceUser, UserCredentials } from './scram';

/** Kafka's KRaft authorizer: ACLs live in the metadata log, no ZooKeeper. */
export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';

export interface SecureBrokerOptions extends Omit<BrokerOptions, 'formatArgs'> {
  /** ACLs to create after the start. Default: serviceAcls() for the stack's own topic names. */
  acls?: AclGrant[];
}

export interface SecureBrokerHandle extends BrokerHandle {
  /** PEM of the CA that signed the broker certificate (KAFKA_SSL_CA_FILE). */
  caFile: string;
  /** Per service, plus the admin (super user, for the admin app and provisioning). */
  users: UserCredentials;
  /** The environment an app needs to reach this broker as `user`; the password comes from a file. */
  clientEnv(user: ServiceUser | typeof ADMIN_USER, mechanism?: 'scram-sha-256' | 'scram-sha-512'): Record<string, string>;
}

/**
 * server.properties of a secured node. Clients and the inter-broker traffic use SASL_SSL
 * with SCRAM; the controller listener stays on loopback without TLS but with SASL/PLAIN,
 * so the broker's registration authenticates as the broker principal and no anonymous
 * connection is ever a super user. The StandardAuthorizer denies whatever no ACL allows.
 */
export function secureServerProperties(o: {
  host: string;
  port: number;
  controllerPort: number;
  certs: BrokerCertificates;
  users: UserCredentials;
}): ServerProperties {
  const broker = o.users[BROKER_USER];
  const jaas = scramJaas(broker);
  return {
    listeners: `SASL_SSL://${o.host}:${o.port},CONTROLLER://${o.host}:${o.controllerPort}`,
    'advertised.listeners': `SASL_SSL://${o.host}:${o.port}`,
    'inter.broker.listener.name': 'SASL_SSL',
    'listener.security.protocol.map': 'CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',

    'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': jaas,
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': jaas,

    // SCRAM credentials live in the metadata log, which the controller is the source of,
    // so the controller listener uses PLAIN with the broker's one account in JAAS.
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config':
      `org.apache.kafka.common.security.plain.PlainLoginModule required username="${broker.username}" password="${broker.password}" ` +
      `user_${broker.username}="${broker.password}";`,

    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': o.certs.keystoreFile,
    'ssl.keystore.password': o.certs.keystorePassword,
    'ssl.key.password': o.certs.keystorePassword,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': o.certs.caFile,
    'ssl.client.auth': 'none',
    // Hostname verification stays on for the broker's own client side (inter-broker).
    'ssl.endpoint.identification.algorithm': 'https',
    'ssl.enabled.protocols': 'TLSv1.3,TLSv1.2',

    'authorizer.class.name': STANDARD_AUTHORIZER,
    'allow.everyone.if.no.acl.found': false,
    'super.users': `User:${ADMIN_USER};User:${BROKER_USER}`,
  };
}

/**
 * Starts one KRaft node secured end to end: certificates and SCRAM users are made at the
 * first start (kept in `<dataDir>/secrets`, mode 0600) and reused afterwards, then the
 * ACLs are (re)applied as the admin principal. Resolves once the ACLs are in place.
 */
export async function startSecureBroker(opts: SecureBrokerOptions = {}): Promise<SecureBrokerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? 9093;
  if (!opts.dataDir) throw new KafkaToolError('startSecureBroker needs a dataDir (its certificates and passwords live there)');
  const secrets = path.join(path.resolve(opts.dataDir), 'secrets');
  const certs = ensureBrokerCertificates(path.join(secrets, 'tls'));
  const users = ensureUserCredentials(path.join(secrets, 'users'));

  const broker = await startBroker({
    ...opts,
    host,
    port,
    controllerPort,
    formatArgs: formatScramArgs(users),
    serverProperties: { ...secureServerProperties({ host, port, controllerPort, certs, users }), ...opts.serverProperties },
  });

  const handle: SecureBrokerHandle = {
    ...broker,
    caFile: certs.caFile,
    users,
    clientEnv: (user, mechanism = 'scram-sha-256') => clientEnv(broker.bootstrap, certs.caFile, users[user], mechanism),
  };
  try {
    const admin = new Kafka({
      clientId: 'kstream-acl-setup',
      brokers: [broker.bootstrap],
      ssl: { ca: [fs.readFileSync(certs.caFile, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: users[ADMIN_USER].username, password: users[ADMIN_USER].password },
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 300 },
    }).admin();
    await admin.connect();
    try {
      await applyAcls(admin, opts.acls ?? serviceAcls());
    } finally {
      await admin.disconnect();
    }
  } catch (error) {
    await broker.stop();
    // The SCRAM users exist only as formatted: secrets regenerated after that no longer match them.
    throw new KafkaToolError(
      `The secured broker started but its ACLs could not be created: ${(error as Error).message}. ` +
        `If ${secrets} was changed or deleted after the first start, delete all of ${path.resolve(opts.dataDir)} and start again.`,
    );
  }
  return handle;
}

/** KAFKA_* variables for one principal: SCRAM over TLS, the CA to verify the broker, the password by file. */
export function clientEnv(bootstrap: string, caFile: string, user: Credentials, mechanism: 'scram-sha-256' | 'scram-sha-512'): Record<string, string> {
  return {
    KAFKA_BROKERS: bootstrap,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: caFile,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: user.username,
    KAFKA_SASL_PASSWORD_FILE: user.passwordFile,
  };
}

/**
 * One `<user>.env` file per principal in `dir` (mode 0600), for `set -a; . <file>; set +a`
 * before `npm start`, `npm run watch` or an app: the password stays in its own file.
 */
export function writeClientEnvFiles(handle: Pick<SecureBrokerHandle, 'clientEnv'>, dir: string): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files: Record<string, string> = {};
  for (const user of [ADMIN_USER, ...SERVICE_USERS] as const) {
    const file = path.join(dir, `${user}.env`);
    const lines = Object.entries(handle.clientEnv(user)).map(([k, v]) => `${k}=${v}`);
    fs.writeFileSync(file, `# Kafka client settings for the principal User:${user} (generated on every secured start)\n${lines.join('\n')}\n`, { mode: 0o600 });
    files[user] = file;
  }
  return files;
}
