// The auth service's one error family. Each kind has a stable `code` that logs and tests match on.

export type AuthErrorCode =
  'AUTH_CONFIG' | 'AUTH_COOKIE_INVALID' | 'AUTH_LOGIN_STATE' | 'AUTH_IDP_ERROR' | 'AUTH_TOKEN_INVALID';

export class AuthError extends Error {
  readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The environment failed validation; `problems` lists every one, each naming its variable. */
export class ConfigError extends AuthError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      'AUTH_CONFIG',
      `auth service configuration is invalid:\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

/** A cookie that is missing, tampered with, sealed by an unknown key, expired or of the wrong kind. */
export class CookieInvalidError extends AuthError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('AUTH_COOKIE_INVALID', reason, options);
  }
}

/** The callback arrived without the login cookie, or its state/PKCE/nonce did not match. */
export class LoginStateError extends AuthError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('AUTH_LOGIN_STATE', reason, options);
  }
}

/** The identity provider returned an error, or the code exchange failed. */
export class IdpError extends AuthError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('AUTH_IDP_ERROR', reason, options);
  }
}

/** The ID token failed signature or claim checks. */
export class TokenInvalidError extends AuthError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('AUTH_TOKEN_INVALID', reason, options);
  }
}
