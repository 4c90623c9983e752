// What every route handler receives: typed config, the cookie key ring, the OIDC client and the logger.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthConfig } from '../config';
import type { KeyRing } from '../cookie';
import type { Logger } from '../log';
import type { OidcClient } from '../oidc';

export interface RouteContext {
  readonly config: AuthConfig;
  readonly ring: KeyRing;
  readonly oidc: OidcClient;
  readonly log: Logger;
}

export type RouteHandler = (
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<void>;

export const LOGIN_TTL_SECONDS = 600;
