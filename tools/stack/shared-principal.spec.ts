import { sharedPrincipal } from './shared-principal';

describe('sharedPrincipal', () => {
  const adminShell = { KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'kstream-admin', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'true' };

  it("refuses to start every app as the admin's super user, and says what to unset", () => {
    const found = sharedPrincipal(adminShell, false);
    expect(found?.refuse).toBe(true);
    expect(found?.message).toMatch(/super user, and no ACL would apply/);
    expect(found?.message).toContain('unset KAFKA_BROKERS KAFKA_SASL_MECHANISM KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD KAFKA_SSL');
    expect(found?.message).not.toContain('KAFKA_SSL_CA_FILE');
  });

  it('tells --secure in such a shell what to do instead of asking for variables that are already set', () => {
    const found = sharedPrincipal(adminShell, true);
    expect(found?.refuse).toBe(true);
    expect(found?.message).toMatch(/gives each app its own principal, but this shell sets KAFKA_BROKERS and KAFKA_SASL_USERNAME=kstream-admin/);
    expect(found?.message).toMatch(/npm start -- --secure` again/);
  });

  it('lets a shared principal other than the super user through with a warning, and says nothing without one', () => {
    expect(sharedPrincipal({ KAFKA_BROKERS: 'b:9092', KAFKA_SASL_USERNAME: 'team-dev' }, false)).toEqual({ refuse: false, message: expect.stringMatching(/all four apps run as that one principal/) });
    expect(sharedPrincipal({ KAFKA_BROKERS: 'b:9092' }, false)).toBeUndefined();
    expect(sharedPrincipal({}, true)).toBeUndefined();
  });
});
