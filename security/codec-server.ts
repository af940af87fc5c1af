import { randomBytes } from 'node:crypto';
import { type ServerType, serve } from '@hono/node-server';
import { temporal } from '@temporalio/proto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Keyring } from './keyring';
import { SealingCodec } from './payload-codec';

/**
 * The codec server: lets an authorised operator read sealed cases in the Temporal Web UI (and `temporal
 * workflow show --codec-endpoint`), per Temporal's codec-server protocol: `POST …/decode` with a JSON body
 * `{"payloads": [...]}` (proto3 JSON: data and metadata values base64), the namespace in `X-Namespace`,
 * answered in the same shape, each payload opened. Decode only: there is no `/encode`, so nothing that can
 * reach it can have payloads sealed, and no one can forge an event through the UI.
 *
 * Who may decode: an operator of the organization department (bin/start.ts passes `authorize`, over the
 * API's own credentials), who shows the token as `Authorization: Bearer <token>` (the CLI, a UI that passes
 * its access token to an https endpoint), or signs in once on this server's page and is then known by an
 * HttpOnly session cookie, which the UI sends when "Include cross-origin credentials" is on.
 *
 * From a browser, only the UI's origins: a preflight from any other origin gets no CORS grant, and a POST
 * from one is refused outright (a cookie alone must never decode for a page of another origin).
 */
export interface CodecServerOptions {
  keyring: Keyring;
  /** The namespace the keys are for; a request naming another in X-Namespace is refused. */
  namespace: string;
  /** Origins of the Temporal Web UI, exactly as the browser sends them, e.g. http://127.0.0.1:8233. */
  allowedOrigins: string[];
  /** The operator a token belongs to, if it may decode. */
  authorize(token: string): { id: string } | undefined;
  /** Set the session cookie `Secure` (the server is reached over https, as in production). */
  secureCookie?: boolean;
  /** How long a sign-in lasts; default 8 hours. */
  sessionMs?: number;
  log?: (entry: Record<string, unknown>, message: string) => void;
}

const SESSION_COOKIE = 'cadre_codec_session';
const MAX_PAYLOADS = 10_000;

const payloadsSchema = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), z.string()).optional(),
        data: z.string().optional(),
      }),
    )
    .max(MAX_PAYLOADS),
});

type Refusal = { status: 400 | 401 | 403 | 404 | 405 | 415; message: string };

function createCodecServerApp(options: CodecServerOptions): Hono {
  const codec = new SealingCodec(options.keyring, 'keep');
  const allowed = new Set(options.allowedOrigins);
  const sessionMs = options.sessionMs ?? 8 * 3600_000;
  const sessions = new Map<string, { operator: string; expires: number }>();
  const log = options.log ?? (() => {});
  const app = new Hono();

  /** The CORS grant for an allowed origin; nothing for any other (the browser then withholds the answer). */
  const grant = (c: Context) => {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin');
    if (origin && allowed.has(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Credentials', 'true');
    }
  };
  const refuse = (c: Context, { status, message }: Refusal) => {
    grant(c);
    c.header('Cache-Control', 'no-store');
    log({ status, path: c.req.path, origin: c.req.header('origin') }, 'codec request refused');
    return c.json({ error: message }, status);
  };

  const operatorOf = (c: Context): string | undefined => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) return options.authorize(bearer)?.id;
    const session = getCookie(c, SESSION_COOKIE);
    const found = session ? sessions.get(session) : undefined;
    if (!found || found.expires < Date.now()) return undefined;
    return found.operator;
  };

  // Preflight: the UI's POST carries Content-Type: application/json, X-Namespace and maybe Authorization.
  app.options('*', (c) => {
    const origin = c.req.header('origin');
    if (!origin || !allowed.has(origin)) return refuse(c, { status: 403, message: 'origin not allowed' });
    grant(c);
    c.header('Access-Control-Allow-Methods', 'POST');
    c.header('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    c.header('Access-Control-Max-Age', '600');
    return c.body(null, 204);
  });

  app.post('*', bodyLimit({ maxSize: 16 * 1024 * 1024 }), async (c, next) => {
    const last = c.req.path.split('/').filter(Boolean).at(-1);
    if (last === 'session') return next();
    if (last === 'encode') {
      return refuse(c, { status: 404, message: 'this codec server decodes only: it seals nothing' });
    }
    if (last !== 'decode') return refuse(c, { status: 404, message: 'not found: POST …/decode' });
    const origin = c.req.header('origin');
    if (origin && !allowed.has(origin)) {
      return refuse(c, { status: 403, message: `origin ${origin} may not use this codec server` });
    }
    const operator = operatorOf(c);
    if (!operator) {
      return refuse(c, {
        status: 401,
        message: 'sign in first (this server\'s page), or send "Authorization: Bearer <operator token>"',
      });
    }
    const namespace = c.req.header('x-namespace');
    if (namespace && namespace !== options.namespace) {
      return refuse(c, { status: 403, message: `this codec server serves namespace "${options.namespace}"` });
    }
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return refuse(c, { status: 415, message: 'send application/json' });
    const parsed = payloadsSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return refuse(c, { status: 400, message: 'expected {"payloads": [...]}' });
    const message = temporal.api.common.v1.Payloads.fromObject(parsed.data);
    const decoded = await codec.decode(
      (message.payloads ?? []).map((p) => ({ metadata: p.metadata ?? {}, data: p.data ?? new Uint8Array() })),
    );
    grant(c);
    c.header('Cache-Control', 'no-store');
    log({ operator, payloads: decoded.length, namespace }, 'decoded for the UI');
    return c.json(
      temporal.api.common.v1.Payloads.toObject(
        temporal.api.common.v1.Payloads.create({ payloads: decoded }),
        {
          bytes: String,
        },
      ),
    );
  });

  // Sign-in, for the UI: its requests carry cookies (with "Include cross-origin credentials"), never a token.
  app.get('/', (c) => c.html(signInPage(operatorOf(c))));
  app.post('/session', async (c) => {
    const origin = c.req.header('origin');
    const self = new URL(c.req.url).origin;
    if (origin && origin !== self)
      return refuse(c, { status: 403, message: "sign in on this server's own page" });
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    const operator = token ? options.authorize(token) : undefined;
    if (!operator) return c.html(signInPage(undefined, "That token is not an operator's."), 401);
    for (const [id, session] of sessions) if (session.expires < Date.now()) sessions.delete(id);
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, { operator: operator.id, expires: Date.now() + sessionMs });
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: options.secureCookie ?? false,
      path: '/',
      maxAge: Math.floor(sessionMs / 1000),
    });
    log({ operator: operator.id }, 'operator signed in to the codec server');
    return c.html(signInPage(operator.id));
  });

  app.all('*', (c) => {
    const last = c.req.path.split('/').filter(Boolean).at(-1) ?? '';
    const known = ['decode', 'encode', 'session'].includes(last);
    return refuse(c, { status: known ? 405 : 404, message: 'POST …/decode is all there is' });
  });
  return app;
}

function signInPage(operator: string | undefined, problem?: string): string {
  const html = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Codec server · 干部选拔任用</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Codec server</h1>
<p>Decrypts cases for the Temporal Web UI, for operators of the organization department.</p>
${operator ? `<p><strong>Signed in as ${html(operator)}.</strong> In the Temporal UI, open the codec server settings and turn on <em>Include cross-origin credentials</em>; the endpoint is this server.</p>` : ''}
${problem ? `<p style="color:#a00">${html(problem)}</p>` : ''}
<form method="post" action="/session"><label>Operator token <input name="token" type="password" autocomplete="off" size="50"></label>
<button>Sign in</button></form></body></html>`;
}

export interface RunningCodecServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

export function startCodecServer(
  options: CodecServerOptions,
  host: string,
  port: number,
): Promise<RunningCodecServer> {
  const app = createCodecServerApp(options);
  return new Promise((ready) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      ready({
        url: `http://${host}:${info.port}`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
