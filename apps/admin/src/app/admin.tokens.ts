/** DI token of the validated AdminEnv. */
export const ADMIN_ENV = Symbol('ADMIN_ENV');
