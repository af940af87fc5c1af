import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevToken } from '../../api/dev-credentials';
import { chinaDateOf } from '../../domain/dates';
import { clientDataConverter } from '../../security/data-converters';
import { looseModes } from '../../security/files';
import { Keyring, loadKeyring, readKeyFile } from '../../security/keyring';
import { SealingCodec } from '../../security/payload-codec';
import { openSealedText } from '../../security/text-sealer';
import { temporalCliPath } from '../../worker/temporal-binaries';
import { getCaseQuery, sendEventUpdate, UntrustedMessage } from '../../workflows/messages';
import { probationStart } from '../support/cases';
import { historySince } from '../support/history-since';
import { freePort } from '../support/ports';
import { promotionInput } from '../support/promotion-driver';
import { datedOn, e, nominate, sectionHead } from '../support/promotion-fixtures';
import { freshDataDir } from '../support/temporal';

/**
 * Secrets, end to end, as `npm start` runs (bin/start.ts in a process of its own, on a temp data folder and
 * free ports): the embedded dev server with its SQLite file, the worker, the API and the codec server.
 * Cases are created through the API with distinctive names; then
 * - a byte search of the whole data folder (the dev server's database and its WAL included, while it runs
 *   and after it stopped) finds none of the names, in UTF-8, JSON-escaped, UTF-16 or base64 form. Before
 *   payload encryption one such test name appeared 19 times (issue 13);
 * - a client of Temporal's port without the key reads raw history, describe (static summary), visibility
 *   (search attributes) and the UI's current details: only ciphertext, and no name;
 * - events sent straight to Temporal without the key, with a wrong key, or copied from another case, claiming
 *   the organization department, are refused, and the case is unchanged;
 * - files in the data folder are 0600, folders 0700, and every socket the service and its dev server listen
 *   on is bound to 127.0.0.1.
 * Rerun alone: npx vitest run test/security/
 */

/** Distinctive, so that any trace of them is theirs: a cadre, a second cadre, a nominee, a reporter. */
const NAMES = ['司马砚秋', 'Quillon Vexmoor', '欧阳霁川', '端木青禾'] as const;
const [CADRE, CADRE_LATIN, NOMINEE, REPORTER] = NAMES;

const root = resolve(__dirname, '../..');
const dataDir = freshDataDir();
let service: ChildProcess;
let banner = '';
let ports: { temporal: number; ui: number; api: number; codec: number };
let tokens: { org: string; finance: string };
let keyring: Keyring;
let connection: Connection;
/** With the service's keys, as the API's client. */
let sealed: Client;
/** Without any key: what anything that reaches Temporal's port sees. */
let plain: Client;
const workflowIds: string[] = [];

async function api(method: string, path: string, body?: unknown, token = tokens.org) {
  const response = await fetch(`http://127.0.0.1:${ports.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}

async function ok(method: string, path: string, body?: unknown, token?: string) {
  const answer = await api(method, path, body, token);
  if (answer.status >= 300)
    throw new Error(`${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** An event as a department system sends it: the API stamps the actor and the time. */
const http = ({ at: _at, actor: _actor, ...event }: Record<string, unknown>) => event;

beforeAll(async () => {
  ports = {
    temporal: await freePort(),
    ui: await freePort(),
    api: await freePort(),
    codec: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CADRE_DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    CADRE_API_PORT: String(ports.api),
    CADRE_CODEC_PORT: String(ports.codec),
    CADRE_SDK_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    LOG_LEVEL: 'warn',
  };
  for (const name of ['TEMPORAL_ADDRESS', 'CADRE_CODEC_KEYS', 'CADRE_CODEC_KEY_FILE', 'CADRE_CREDENTIALS'])
    delete env[name];
  delete env.CADRE_CREDENTIALS_FILE;
  service = spawn(process.execPath, ['--import', 'tsx', join(root, 'bin/start.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout = service.stdout as NonNullable<typeof service.stdout>;
  stdout.on('data', (chunk: Buffer) => {
    banner += chunk.toString();
  });
  const deadline = Date.now() + 110_000;
  while (!banner.includes('Ctrl-C stops everything.')) {
    if (service.exitCode !== null) throw new Error(`the service exited: ${banner}`);
    if (Date.now() > deadline) throw new Error(`the service did not start: ${banner}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  const dev = JSON.parse(readFileSync(join(dataDir, 'dev-tokens.json'), 'utf8')) as DevToken[];
  tokens = {
    org: dev.find((t) => t.role === 'organization_department')?.token as string,
    finance: dev.find((t) => t.role === 'department')?.token as string,
  };
  keyring = loadKeyring(dataDir, { env: {}, create: false }).keyring;
  connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  sealed = new Client({ connection, dataConverter: clientDataConverter(keyring) });
  plain = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  if (service && service.exitCode === null) {
    service.kill('SIGINT');
    await once(service, 'exit');
  }
});

describe('secrets, as npm start runs', () => {
  it('the embedded default makes its key file on first start, 0600, and says so', () => {
    const keyFile = join(dataDir, 'codec-keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readKeyFile(keyFile).keys).toHaveLength(1);
    expect(banner).toContain(`Payload keys   ${keyFile}`);
    expect(banner).toContain(`Codec server   http://127.0.0.1:${ports.codec}`);
  });

  it('cases with distinctive names, through the API: a closed probation (reported, archived, notified), an open one, a promotion with a nominee', async () => {
    const closing = { track: 'probation', ...probationStart({ cadre: { id: 'C-7001', name: CADRE } }) };
    await ok('POST', '/v1/cases', closing);
    const closingPath = `/v1/cases/${closing.department}/${closing.caseId}`;
    await ok('POST', `${closingPath}/reports`, {
      reportId: 'R-1',
      channel: 'letter',
      summary: `${REPORTER}反映：${CADRE}同志收受礼金`,
      concerns: 'C-7001',
    });
    await ok('POST', `${closingPath}/events`, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'R-1',
      findings: `${CADRE}：属实`,
    });
    workflowIds.push(`${closing.department}/${closing.caseId}`);

    const open = { track: 'probation', ...probationStart({ cadre: { id: 'C-7002', name: CADRE_LATIN } }) };
    await ok('POST', '/v1/cases', open, tokens.finance);
    workflowIds.push(`${open.department}/${open.caseId}`);

    const promotion = { track: 'promotion', ...promotionInput() };
    await ok('POST', '/v1/cases', promotion);
    const promotionPath = `/v1/cases/${promotion.department}/${promotion.caseId}`;
    await ok('POST', `${promotionPath}/events`, http(datedOn(chinaDateOf(Date.now()), e.motion)));
    await ok(
      'POST',
      `${promotionPath}/events`,
      http(nominate('A', { nominee: { id: 'A', name: NOMINEE, currentPost: sectionHead('A科') } })),
    );
    workflowIds.push(`${promotion.department}/${promotion.caseId}`);

    // The closed case has archived its record, written the registry and the outbox: wait for all of it.
    const closedId = workflowIds[0] as string;
    await sealed.workflow.getHandle(closedId).result();
    const view = await sealed.workflow.getHandle(closedId).query(getCaseQuery);
    expect(view.archivedTo).toBeDefined();

    // The names are there, for whoever may read them: the API answers with them.
    const read = await ok('GET', closingPath);
    expect(JSON.stringify(read)).toContain(CADRE);
    expect(JSON.stringify(read)).toContain(REPORTER);
    expect(JSON.stringify(await ok('GET', promotionPath))).toContain(NOMINEE);
    // And the archive holds them, sealed: it opens with the key.
    const archived = openSealedText(keyring, readFileSync(view.archivedTo as string, 'utf8'));
    expect(archived.purpose).toBe('record');
    expect(archived.text).toContain(CADRE);
  });

  it('a client without the key reads only ciphertext: history, summary, search attributes, current details', async () => {
    for (const workflowId of workflowIds) {
      const { history } = await plain.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId },
      });
      const events = history?.events ?? [];
      expect(events.length).toBeGreaterThan(3);
      const raw = Buffer.from(temporal.api.history.v1.History.encode({ events }).finish());
      expect(occurrences(raw), workflowId).toEqual([]);
      // Every payload in it is sealed, save the markers the SDK's core writes itself (patch ids).
      const payloads = payloadsIn(events);
      expect(payloads.length).toBeGreaterThan(3);
      for (const { path, payload } of payloads) {
        if (path.includes('markerRecordedEventAttributes')) continue;
        expect(encodingOf(payload), `${workflowId} ${path}`).toBe('binary/encrypted');
      }

      // Describe: the static summary (user metadata) is sealed; the search attributes hold ids only.
      const described = await plain.workflowService.describeWorkflowExecution({
        namespace: 'default',
        execution: { workflowId },
      });
      const summary = described.executionConfig?.userMetadata?.summary;
      expect(summary && encodingOf(summary)).toBe('binary/encrypted');
      const attributes = described.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {};
      expect(Object.keys(attributes)).toContain('CaseDepartment');
      const attributeBytes = Buffer.concat(Object.values(attributes).map((p) => Buffer.from(p.data ?? [])));
      expect(occurrences(attributeBytes), `${workflowId} search attributes`).toEqual([]);
      expect(
        occurrences(
          Buffer.from(
            temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.encode(described).finish(),
          ),
        ),
      ).toEqual([]);
    }

    // The UI's current details come from a Query the worker answers: sealed too, and opened by the codec.
    const running = workflowIds[1] as string;
    const metadata = await plain.workflowService.queryWorkflow({
      namespace: 'default',
      execution: { workflowId: running },
      query: { queryType: '__temporal_workflow_metadata' },
    });
    const answer = metadata.queryResult?.payloads?.[0] as Payload;
    expect(encodingOf(answer)).toBe('binary/encrypted');
    expect(occurrences(Buffer.from(answer.data ?? []))).toEqual([]);
    const opened = new SealingCodec(keyring).openOne(answer, running);
    // Opened, the details are the case's (the cadre by id: names stay out of Temporal's metadata).
    const details = JSON.parse(Buffer.from(opened.data ?? []).toString()).currentDetails;
    expect(details).toContain('C-7002');
    expect(details).not.toContain(CADRE_LATIN);

    // A client without the key cannot read what the API's client reads.
    await expect(plain.workflow.getHandle(running).query(getCaseQuery)).rejects.toThrow();
  });

  it('an event sent straight to Temporal without the key, claiming the organization department, is refused; the case is unchanged', async () => {
    const workflowId = workflowIds[1] as string;
    const handle = sealed.workflow.getHandle(workflowId);
    const before = await handle.query(getCaseQuery);
    const historyBefore = (await handle.fetchHistory()).events?.length;
    const forged = {
      type: 'SERIOUS_PROBLEM_FOUND',
      actor: { id: 'od-zhang', role: 'organization_department', name: '张处长' },
      findings: '伪造',
      findingId: 'F-forged',
    };
    const codec = new SealingCodec(keyring);
    // Each sender seals (or not) as said; each reads the answer with the service's key, to show the reason.
    const reading = (encode: PayloadCodec['encode']) =>
      new Client({
        connection,
        dataConverter: {
          payloadCodecs: [{ encode, decode: (payloads, context) => codec.decode(payloads, context) }],
        },
      });
    const wrongKey = Keyring.fromFile({ current: 'k-wrong', keys: [{ id: 'k-wrong', key: randomKey() }] });
    const sameIdOtherKey = new Keyring(keyring.currentId, [
      [keyring.currentId, Buffer.from(randomKey(), 'base64')],
    ]);
    const senders = {
      'no key (plaintext)': [reading(async (payloads) => payloads), "not sealed by the service's key"],
      'a key the service does not hold': [
        reading((payloads, context) => new SealingCodec(wrongKey).encode(payloads, context)),
        'which this keyring does not hold',
      ],
      "another key under the service key's id": [
        reading((payloads, context) => new SealingCodec(sameIdOtherKey).encode(payloads, context)),
        'does not authenticate',
      ],
    } as const;
    for (const [who, [client, reason]] of Object.entries(senders)) {
      const refused = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(sendEventUpdate, { args: [forged] })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused, who).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refused as WorkflowUpdateFailedError).cause as Error & { type?: string };
      expect(cause.message, who).toContain(reason);
      if (who === 'no key (plaintext)') expect(cause.type).toBe(UntrustedMessage);
    }

    // A sealed event copied from another case's history is bound to that case: refused here.
    const source = workflowIds[0] as string;
    const { history } = await plain.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: source },
    });
    const accepted = (history?.events ?? []).find((ev) => ev.workflowExecutionUpdateAcceptedEventAttributes);
    const copied = accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args;
    expect(copied?.payloads?.[0] && encodingOf(copied.payloads[0])).toBe('binary/encrypted');
    const replayed = await plain.workflowService.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      request: { meta: { updateId: 'copied-from-another-case' }, input: { name: 'sendEvent', args: copied } },
      waitPolicy: {
        lifecycleStage:
          temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
      },
    });
    const failure = replayed.outcome?.failure;
    expect(failure).toBeDefined();
    expect(replayed.outcome?.success).toBeFalsy();
    const reason = JSON.parse(
      Buffer.from(codec.openOne(failure?.encodedAttributes as Payload, undefined).data ?? []).toString(),
    ).message as string;
    expect(reason).toContain(`sealed for workflow "${source}"`);

    expect(await handle.query(getCaseQuery)).toEqual(before);
    expect(await historySince(handle, historyBefore ?? 0)).toEqual([]);
    // The API's own events, sealed, are still taken.
    const taken = await ok('POST', `/v1/cases/${workflowId}/reports`, {
      reportId: 'R-2',
      channel: 'online',
      summary: '反映工作作风问题',
    });
    expect(taken.state).toBe('serving');
  });

  it('the codec server is what the embedded UI is configured to use', async () => {
    const settings = await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json();
    expect(JSON.stringify(settings)).toContain(`http://127.0.0.1:${ports.codec}`);
    const preflight = await fetch(`http://127.0.0.1:${ports.codec}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: `http://127.0.0.1:${ports.ui}`,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${ports.ui}`);

    // The Temporal CLI, pointed at the codec server with an operator's token, shows the case decrypted;
    // without the token it cannot.
    const show = (...auth: string[]) =>
      execFileSync(
        temporalCliPath(),
        [
          'workflow',
          'show',
          '--address',
          `127.0.0.1:${ports.temporal}`,
          '-w',
          workflowIds[0] as string,
          '--codec-endpoint',
          `http://127.0.0.1:${ports.codec}`,
          ...auth,
          '-o',
          'json',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    // Decoded payloads are json/plain, their data base64 in the CLI's JSON.
    const decodedData = (output: string) =>
      [...output.matchAll(/"data": "([A-Za-z0-9+/=]*)"/g)]
        .map((m) => Buffer.from(m[1] ?? '', 'base64').toString())
        .join('\n');
    expect(decodedData(show('--codec-auth', `Bearer ${tokens.org}`))).toContain(CADRE);
    expect(() => show()).toThrow();
  });

  it('every socket the service and its dev server listen on is bound to 127.0.0.1', () => {
    const devServerPid = (JSON.parse(readFileSync(join(dataDir, 'temporal.pid'), 'utf8')) as { pid: number })
      .pid;
    for (const pid of [service.pid as number, devServerPid]) {
      const listening = listeningAddressesOf(pid);
      expect(listening.length, `pid ${pid} listens`).toBeGreaterThan(0);
      for (const address of listening)
        expect(address, `pid ${pid}`).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1):\d+$/);
    }
  });

  it('the data folder holds none of the names, the database and its WAL included, while Temporal runs and after it stopped; and it is the owner’s only', async () => {
    const files = filesUnder(dataDir);
    expect(files.map((f) => f.slice(dataDir.length + 1))).toEqual(
      expect.arrayContaining([
        'temporal.db',
        'temporal.db-wal',
        'codec-keys.json',
        'notifications.jsonl',
        'personnel-registry.json',
      ]),
    );
    // The search looks where the cases are: their workflow ids (not personal) are in the database files.
    const database = Buffer.concat(
      files.filter((f) => f.includes('temporal.db')).map((f) => readFileSync(f)),
    );
    for (const id of workflowIds) expect(database.includes(Buffer.from(id)), id).toBe(true);
    expect(foundIn(files)).toEqual([]);
    expect(looseModes(dataDir)).toEqual([]);

    service.kill('SIGINT');
    await once(service, 'exit');
    expect(foundIn(filesUnder(dataDir))).toEqual([]);
    expect(looseModes(dataDir)).toEqual([]);
  });
});

function randomKey(): string {
  return Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString('base64');
}

/** Every form in which a name could sit in a file: UTF-8, JSON-escaped (either case), UTF-16, base64. */
function formsOf(name: string): { form: string; bytes: Buffer }[] {
  const escaped = (upper: boolean) =>
    [...name]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (code < 0x7f) return ch;
        const hex = code.toString(16).padStart(4, '0');
        return `\\u${upper ? hex.toUpperCase() : hex}`;
      })
      .join('');
  const utf8 = Buffer.from(name, 'utf8');
  const forms = [
    { form: 'utf-8', bytes: utf8 },
    { form: 'json \\u', bytes: Buffer.from(escaped(false)) },
    { form: 'json \\U', bytes: Buffer.from(escaped(true)) },
    { form: 'utf-16le', bytes: Buffer.from(name, 'utf16le') },
  ];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    const from = Math.ceil((shift * 8) / 6);
    const to = Math.floor(((shift + utf8.length) * 8) / 6);
    forms.push({ form: `base64+${shift}`, bytes: Buffer.from(b64.slice(from, to)) });
  }
  return forms.filter((f, i, all) => all.findIndex((g) => g.bytes.equals(f.bytes)) === i);
}

function count(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

/** Each name form found in `bytes`, with how often. */
function occurrences(bytes: Buffer): string[] {
  return NAMES.flatMap((name) =>
    formsOf(name).flatMap(({ form, bytes: needle }) => {
      const n = count(bytes, needle);
      return n > 0 ? [`${name} (${form}) ×${n}`] : [];
    }),
  );
}

function foundIn(files: string[]): string[] {
  return files.flatMap((file) => occurrences(readFileSync(file)).map((hit) => `${file}: ${hit}`));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function encodingOf(payload: Payload): string {
  return Buffer.from(payload.metadata?.encoding ?? []).toString();
}

/** Every payload in a history's events, with where it sits. */
function payloadsIn(events: unknown[]): { path: string; payload: Payload }[] {
  const found: { path: string; payload: Payload }[] = [];
  const walk = (value: unknown, path: string) => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    const record = value as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && 'data' in record) {
      found.push({ path, payload: record as Payload });
      return;
    }
    for (const [key, child] of Object.entries(record)) {
      if (key === 'searchAttributes' || key === 'header') continue;
      walk(child, `${path}.${key}`);
    }
  };
  for (const [i, event] of events.entries()) walk(event, `events[${i}]`);
  return found;
}

/** The local addresses of the TCP sockets `pid` listens on, from /proc. */
function listeningAddressesOf(pid: number): string[] {
  const held = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith('socket:[')) held.add(link.slice('socket:['.length, -1));
    } catch {}
  }
  const addresses: string[] = [];
  for (const [table, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A' || !fields[9] || !held.has(fields[9])) continue;
      const [hexAddress = '', hexPort = ''] = (fields[1] ?? '').split(':');
      addresses.push(`${v6 ? ipv6Of(hexAddress) : ipv4Of(hexAddress)}:${Number.parseInt(hexPort, 16)}`);
    }
  }
  return addresses;
}

const ipv4Of = (hex: string) => [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');

function ipv6Of(hex: string): string {
  // /proc prints four 32-bit words, each little-endian.
  const bytes = [0, 8, 16, 24].flatMap((w) =>
    [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(w + i, w + i + 2), 16)),
  );
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}
