import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCodecServer, startCodecServer } from '../../security/codec-server';
import { freshKeyFile, Keyring } from '../../security/keyring';
import { SealingCodec } from '../../security/payload-codec';

/**
 * The codec server over real HTTP, with requests shaped as the Temporal Web UI sends them
 * (src/lib/services/data-encoder.ts of temporalio/ui): a CORS preflight, then `POST <endpoint>/decode` with
 * Content-Type: application/json, X-Namespace, and a proto3-JSON body whose bytes are base64; with
 * "Include cross-origin credentials" the browser adds the session cookie, with "pass access token" an
 * Authorization header.
 */
const UI = 'http://127.0.0.1:8233';
const OTHER = 'http://evil.example';
const OPERATOR_TOKEN = 'cadre_operator-token-for-this-test';
const NAME = '司马砚秋';

const keyring = Keyring.fromFile(freshKeyFile());
const codec = new SealingCodec(keyring);
let server: RunningCodecServer;

beforeAll(async () => {
  server = await startCodecServer(
    {
      keyring,
      namespace: 'default',
      allowedOrigins: [UI],
      authorize: (token) => (token === OPERATOR_TOKEN ? { id: 'org-admin' } : undefined),
    },
    '127.0.0.1',
    0,
  );
});
afterAll(async () => {
  await server?.close();
});

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
/** A payload in proto3 JSON, as the UI holds it from the history it read. */
const asJson = (payload: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(payload.data ?? new Uint8Array()),
});

async function sealedPayloads() {
  const payloads = [defaultPayloadConverter.toPayload({ cadre: { name: NAME } })];
  return (await codec.encode(payloads, { type: 'workflow', namespace: 'default', workflowId: 'd/c-1' })).map(
    asJson,
  );
}

function decode(body: unknown, headers: Record<string, string> = {}, path = '/decode'): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, ...headers },
    body: JSON.stringify(body),
  });
}

async function signIn(token = OPERATOR_TOKEN): Promise<Response> {
  return fetch(`${server.url}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
}

describe('the codec server, as the Temporal UI calls it', () => {
  it('answers the UI origin’s preflight, with credentials and the headers the UI sends allowed', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(
      'content-type, x-namespace, authorization',
    );
    expect(preflight.headers.get('vary')).toContain('Origin');
  });

  it('grants no other origin: its preflight is refused without CORS headers, its POST refused even with a session', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const cookie = (await signIn()).headers.get('set-cookie')?.split(';')[0] as string;
    const posted = await decode({ payloads: await sealedPayloads() }, { origin: OTHER, cookie });
    expect(posted.status).toBe(403);
    expect(posted.headers.get('access-control-allow-origin')).toBeNull();
    expect(await posted.text()).not.toContain(b64(NAME).slice(0, 8));
  });

  it('refuses a decode without a token or session (401, readable by the UI), and with a wrong token', async () => {
    const payloads = await sealedPayloads();
    const anonymous = await decode({ payloads });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(UI);
    expect(JSON.stringify(await anonymous.json())).not.toContain(NAME);

    const wrong = await decode({ payloads }, { authorization: 'Bearer cadre_not-an-operator' });
    expect(wrong.status).toBe(401);
    expect((await signIn('cadre_not-an-operator')).status).toBe(401);
  });

  it('after the operator signs in, the UI’s POST with its cookie decodes: the payload as it was before sealing', async () => {
    const signedIn = await signIn();
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] as string;

    const answer = await decode({ payloads: await sealedPayloads() }, { cookie });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(UI);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { payloads } = (await answer.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    expect(Buffer.from(payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0]?.data ?? '', 'base64').toString())).toEqual({
      cadre: { name: NAME },
    });
  });

  it('the CLI’s form also decodes: a bearer token, the namespace in the path, no Origin', async () => {
    const answer = await fetch(`${server.url}/default/decode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': 'default',
        authorization: `Bearer ${OPERATOR_TOKEN}`,
      },
      body: JSON.stringify({ payloads: await sealedPayloads() }),
    });
    expect(answer.status).toBe(200);
    const { payloads } = (await answer.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(payloads[0]?.data ?? '', 'base64').toString()).toContain(NAME);
  });

  it('decodes only: no /encode, nothing but POST …/decode; another namespace is refused', async () => {
    const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    const plaintext = [asJson(defaultPayloadConverter.toPayload({ type: 'REVIEW_PASSED' }))];
    const encode = await decode({ payloads: plaintext }, auth, '/encode');
    expect(encode.status).toBe(404);
    expect(await encode.text()).toContain('decodes only');
    expect((await fetch(`${server.url}/decode`, { headers: auth })).status).toBe(405);
    expect((await decode({ payloads: plaintext }, { ...auth, 'x-namespace': 'other' })).status).toBe(403);
    expect((await decode({ nothing: true }, auth)).status).toBe(400);
  });

  it('hands back what it cannot open as it is: plaintext, and a payload sealed by a key it lacks', async () => {
    const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    const plaintext = asJson(defaultPayloadConverter.toPayload({ note: 'from before encryption' }));
    const foreign = asJson(
      (
        await new SealingCodec(Keyring.fromFile(freshKeyFile())).encode([
          defaultPayloadConverter.toPayload(1),
        ])
      )[0] ?? {},
    );
    const answer = await decode({ payloads: [plaintext, foreign] }, auth);
    expect(answer.status).toBe(200);
    const { payloads } = (await answer.json()) as { payloads: unknown[] };
    expect(payloads).toEqual([plaintext, foreign]);
  });
});
