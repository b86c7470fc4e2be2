import { ADMIN_USER } from '../kafka/secure/scram';

/** The Kafka settings a shell may carry over from a client env file (`set -a; . kstream-admin.env`). */
const CLIENT_VARIABLES = ['KAFKA_BROKERS', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE', 'KAFKA_SSL', 'KAFKA_SSL_CA_FILE'];

/** What to tell someone whose shell would make every app one principal; `refuse` when it is the super user. */
export interface SharedPrincipal {
  readonly refuse: boolean;
  readonly message: string;
}

const unsetLine = (env: NodeJS.ProcessEnv) => `unset ${CLIENT_VARIABLES.filter((name) => env[name] !== undefined).join(' ')}`;

/**
 * `npm start` hands the shell's KAFKA_* variables to every app. After loading the admin's client env
 * file (as the README's provisioning step does) that makes every app the super user: no ACL applies
 * and nothing says so. That is refused; any other shared principal is allowed, with a warning that
 * the apps share it. `--secure` then also finds KAFKA_BROKERS set: its message says what to unset.
 */
export function sharedPrincipal(env: NodeJS.ProcessEnv, secure: boolean): SharedPrincipal | undefined {
  const user = env['KAFKA_SASL_USERNAME'];
  if (secure && env['KAFKA_BROKERS']) {
    return {
      refuse: true,
      message:
        `--secure starts the local secured broker and gives each app its own principal, but this shell sets KAFKA_BROKERS${user ? ` and KAFKA_SASL_USERNAME=${user}` : ''} ` +
        `(from a client env file?). Run \`${unsetLine(env)}\` (or open a new shell), then \`npm start -- --secure\` again.`,
    };
  }
  if (!user) return undefined;
  if (user === ADMIN_USER) {
    return {
      refuse: true,
      message:
        `KAFKA_SASL_USERNAME=${user} is set in this shell: every app would run as ${user}, the super user, and no ACL would apply. ` +
        `That file is for provisioning and the admin tools. Run \`${unsetLine(env)}\`, then \`npm start -- --secure\` for the local secured broker ` +
        '(each app its own principal), or set each app\'s own KAFKA_SASL_* when you start the apps against your cluster.',
    };
  }
  return { refuse: false, message: `KAFKA_SASL_USERNAME=${user} is set in this shell: all four apps run as that one principal, with its ACLs.` };
}
