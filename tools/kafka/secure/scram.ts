import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The stack's services, each with its own Kafka principal (`User:<name>`) and ACLs (acls.ts). */
export const SERVICE_USERS = ['ingest-producer', 'word-count', 'rolling-mean'] as const;
export type ServiceUser = (typeof SERVICE_USERS)[number];

/** Super users: the admin app and provisioning, and the broker itself on its inter-broker listener. */
export const ADMIN_USER = 'kstream-admin';
export const BROKER_USER = 'kafka-broker';

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

export interface Credentials {
  username: string;
  password: string;
  /** A file holding only the password (mode 0600): what KAFKA_SASL_PASSWORD_FILE names. */
  passwordFile: string;
}

export type UserCredentials = Record<ServiceUser | typeof ADMIN_USER | typeof BROKER_USER, Credentials>;

const ALL_USERS = [...SERVICE_USERS, ADMIN_USER, BROKER_USER] as const;

/**
 * A random password per user, generated at the first start into `<dir>/<user>.password`
 * (mode 0600) and reused afterwards: the broker keeps the SCRAM credentials it was
 * formatted with, so they must not change between restarts.
 */
export function ensureUserCredentials(dir: string): UserCredentials {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out = {} as UserCredentials;
  for (const username of ALL_USERS) {
    const passwordFile = path.join(dir, `${username}.password`);
    if (!fs.existsSync(passwordFile)) fs.writeFileSync(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
    out[username] = { username, password: fs.readFileSync(passwordFile, 'utf8').trim(), passwordFile };
  }
  return out;
}

/**
 * `kafka-storage format --add-scram` arguments: both mechanisms for every user. In KRaft
 * the credentials live in the metadata log, and writing them at format time is what lets
 * the broker and the admin authenticate on the very first start.
 */
export function formatScramArgs(users: UserCredentials): string[] {
  return Object.values(users).flatMap(({ username, password }) =>
    SCRAM_MECHANISMS.flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${username},password=${password}]`]),
  );
}

/** The JAAS line a SCRAM login module needs (the broker's own client side of its inter-broker listener). */
export function scramJaas({ username, password }: Pick<Credentials, 'username' | 'password'>): string {
  return `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;
}
