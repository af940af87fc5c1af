import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from '../domain/case';
import { mayStartCases, START_REFUSAL } from '../domain/senders';
import type { AppEnv } from './context';
import { type Credential, hashToken, mayActFor } from './credentials';
import { ApiError } from './errors';

/**
 * Requests that fail authentication, counted per client address over a minute: past the limit, that
 * address gets 429 until the minute is over, so guessing tokens is slow. (Requests with a valid token
 * are limited per credential, in app.ts.)
 */
function failedAuthentications(limitPerMinute: number) {
  const windows = new Map<string, { startedAt: number; failures: number }>();
  const current = (address: string, now: number) => {
    const window = windows.get(address);
    if (window && now - window.startedAt < 60_000) return window;
    const fresh = { startedAt: now, failures: 0 };
    windows.set(address, fresh);
    if (windows.size > 10_000) windows.delete(windows.keys().next().value as string);
    return fresh;
  };
  return {
    refuseIfOver(address: string, now = Date.now()) {
      const window = current(address, now);
      if (window.failures >= limitPerMinute) {
        const wait = Math.ceil((window.startedAt + 60_000 - now) / 1000);
        throw new ApiError(
          429,
          'rate_limited',
          `Too many failed authentications from this address; retry in ${wait} s`,
          {},
          wait,
        );
      }
    },
    count(address: string, now = Date.now()) {
      current(address, now).failures++;
    },
  };
}

/** The client's address as the server saw it; '' where the runtime does not say (in-process tests). */
function addressOf(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return '';
  }
}

/** Bearer-token authentication: the token's credential becomes the request's caller (and the events' actor). */
export function authenticate(
  credentials: Credential[],
  failedLimitPerMinute = 60,
): MiddlewareHandler<AppEnv> {
  const byHash = new Map(credentials.map((credential) => [credential.tokenSha256, credential]));
  const failed = failedAuthentications(failedLimitPerMinute);
  return async (c, next) => {
    const address = addressOf(c);
    failed.refuseIfOver(address);
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) {
      failed.count(address);
      throw new ApiError(
        401,
        'unauthenticated',
        'Send "Authorization: Bearer <token>" (your department\'s API token)',
      );
    }
    const caller = byHash.get(hashToken(token));
    if (!caller) {
      failed.count(address);
      throw new ApiError(401, 'unauthenticated', 'Unknown or revoked token');
    }
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

/** The committee records votes and nothing else: it starts no case (domain/senders.ts). */
export function requireMayStart(caller: Credential): void {
  if (!mayStartCases(caller.role)) {
    throw new ApiError(403, 'forbidden', `${START_REFUSAL.zh} · ${START_REFUSAL.en} (${caller.name})`);
  }
}

/** The actor an event records for this caller: who the token identifies, never what the body claims. */
export const actorOf = (caller: Credential) =>
  ({ id: caller.id, role: caller.role, name: caller.name }) satisfies Actor;
