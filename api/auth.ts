import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../domain/case';
import type { AppEnv } from './context';
import { type Credential, hashToken, mayActFor } from './credentials';
import { ApiError } from './errors';

/** Bearer-token authentication: the token's credential becomes the request's caller (and the events' actor). */
export function authenticate(credentials: Credential[]): MiddlewareHandler<AppEnv> {
  const byHash = new Map(credentials.map((credential) => [credential.tokenSha256, credential]));
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token)
      throw new ApiError(
        401,
        'unauthenticated',
        'Send "Authorization: Bearer <token>" (your department\'s API token)',
      );
    const caller = byHash.get(hashToken(token));
    if (!caller) throw new ApiError(401, 'unauthenticated', 'Unknown or revoked token');
    c.set('caller', caller);
    await next();
  };
}

export function requireDepartmentAccess(caller: Credential, department: string): void {
  if (!mayActFor(caller, department)) {
    throw new ApiError(
      403,
      'forbidden',
      `${caller.name} acts for department "${caller.department}" only; this case belongs to "${department}"`,
    );
  }
}

/** The actor an event records for this caller: who the token identifies, never what the body claims. */
export const actorOf = (caller: Credential) =>
  ({ id: caller.id, role: caller.role, name: caller.name }) satisfies Actor;
