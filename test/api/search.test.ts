import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../domain/dates';
import { eventually, runCli } from '../cli/support';
import { probationStart, uniqueCaseId } from '../support/cases';
import { promotionInput } from '../support/promotion-driver';
import { datedOn, e, nominate } from '../support/promotion-fixtures';
import { startTestService, type TestService } from '../support/service';

/**
 * Search by person and unit over HTTP (issue 12), with no name in Temporal's visibility, summary or
 * details in plaintext (issue 13), and a start that notices different content.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

/** A name no other test uses, so that a search finds exactly the cases started here. */
let counter = 0;
const uniqueName = () => `测试${Date.now().toString(36)}${++counter}号`;

async function search(query: string, token = service.tokens.org) {
  const answer = await service.request('GET', `/v1/cases?${query}`, undefined, { token });
  expect(answer.status).toBe(200);
  return (answer.body.cases as { workflowId: string }[]).map((c) => c.workflowId).sort();
}

async function found(query: string, expected: string[], token?: string) {
  await eventually(
    async () => JSON.stringify(await search(query, token)) === JSON.stringify(expected.sort()),
  );
}

async function startProbation(overrides: Parameters<typeof probationStart>[0] = {}, token?: string) {
  const body = { track: 'probation', ...probationStart(overrides) };
  const answer = await service.request('POST', '/v1/cases', body, { token });
  expect(answer.status).toBe(201);
  return { body, workflowId: answer.body.workflowId as string };
}

/** Everything Temporal keeps about a case beside its payloads: search attributes, summary, details. */
async function temporalMetadata(workflowId: string) {
  const handle = service.env.client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const metadata = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
  return {
    searchAttributes: description.searchAttributes as Record<string, unknown[]>,
    text: JSON.stringify([description.searchAttributes, await description.staticSummary(), metadata]),
    currentDetails: metadata.currentDetails,
  };
}

describe('search by a cadre’s name', () => {
  it('finds the case by the exact name (spaces aside) or the id; no name reaches Temporal', async () => {
    const name = uniqueName();
    const cadreId = uniqueCaseId('C');
    const { workflowId } = await startProbation({ cadre: { id: cadreId, name } });
    await found(`cadre=${encodeURIComponent(name)}`, [workflowId]);
    expect(await search(`cadre=${encodeURIComponent(` ${name.slice(0, 2)} ${name.slice(2)} `)}`)).toEqual([
      workflowId,
    ]);
    expect(await search(`cadre=${encodeURIComponent(cadreId)}`)).toEqual([workflowId]);
    expect(await search(`cadre=${encodeURIComponent(`${name}甲`)}`)).toEqual([]);

    const metadata = await temporalMetadata(workflowId);
    expect(metadata.text).not.toContain(name);
    expect(metadata.searchAttributes.CaseSearchKeys).toEqual([
      'unit:区财政局',
      expect.stringMatching(/^name:[A-Za-z0-9_-]{22}$/),
    ]);
    expect(metadata.currentDetails).toContain(`Subject 对象: ${cadreId}`);
  });

  it('finds a promotion by a nominee’s name once nominated, and by the unit they serve in', async () => {
    const start = { track: 'promotion', ...promotionInput() };
    const started = await service.request('POST', '/v1/cases', start);
    expect(started.status).toBe(201);
    const path = `/v1/cases/${start.department}/${start.caseId}`;
    const name = uniqueName();
    const unit = `${uniqueCaseId('科室')}`;
    for (const event of [
      datedOn(chinaDateOf(Date.now()), e.motion),
      nominate('A', {
        nominee: { id: 'A', name, currentPost: { ...nominate('A').nominee.currentPost, unit } },
      }),
    ]) {
      const { at: _at, actor: _actor, ...body } = event as Record<string, unknown>;
      const answer = await service.request('POST', `${path}/events`, body);
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain('cadreNameKeys');
    }
    await found(`cadre=${encodeURIComponent(name)}`, [started.body.workflowId]);
    expect(await search(`unit=${encodeURIComponent(unit)}`)).toEqual([started.body.workflowId]);
    const metadata = await temporalMetadata(started.body.workflowId);
    expect(metadata.text).not.toContain(name);
    expect(metadata.currentDetails).toContain('in the pool A (1 of 1 nominated)');
  });

  it('a department finds its own cases only; a caller cannot plant digests', async () => {
    const name = uniqueName();
    const own = await startProbation({ cadre: { id: 'C-1', name } }, service.tokens.finance);
    const other = await startProbation(
      { department: 'district-education', cadre: { id: 'C-2', name } },
      service.tokens.education,
    );
    await found(`cadre=${encodeURIComponent(name)}`, [own.workflowId, other.workflowId]);
    expect(await search(`cadre=${encodeURIComponent(name)}`, service.tokens.finance)).toEqual([
      own.workflowId,
    ]);
    expect(await search(`cadre=${encodeURIComponent(name)}`, service.tokens.education)).toEqual([
      other.workflowId,
    ]);

    // Digests in a body are the caller's, not the API's: dropped, and the name hashed as usual.
    const planted = await startProbation({
      cadre: { id: 'C-3', name: uniqueName() },
      cadreNameKeys: { 'C-3': 'AAAAAAAAAAAAAAAAAAAAAA' },
    } as never);
    await eventually(async () => {
      const keys = (await temporalMetadata(planted.workflowId)).searchAttributes.CaseSearchKeys ?? [];
      return keys.length === 2;
    });
    const keys = (await temporalMetadata(planted.workflowId)).searchAttributes.CaseSearchKeys;
    expect(keys).not.toContain('name:AAAAAAAAAAAAAAAAAAAAAA');
  });
});

describe('search by unit', () => {
  it('finds cases by the current or the proposed unit, as written or in full-width brackets', async () => {
    const trial = `${uniqueCaseId('区')}局(机关)`;
    const previous = `${uniqueCaseId('街道')}办`;
    const { workflowId } = await startProbation({
      trialPost: { ...probationStart().trialPost, unit: trial },
      previousPost: { ...probationStart().previousPost, unit: previous },
    });
    await found(`unit=${encodeURIComponent(trial)}`, [workflowId]);
    expect(await search(`unit=${encodeURIComponent(trial.replace('(', '（').replace(')', '）'))}`)).toEqual([
      workflowId,
    ]);
    expect(await search(`unit=${encodeURIComponent(previous)}`)).toEqual([workflowId]);
    expect(await search(`unit=${encodeURIComponent(previous)}&status=closed`)).toEqual([]);
  });

  it('a unit that cannot be searched, or quotes in a filter, are a 422, never a query', async () => {
    for (const query of ['unit=%27%22%5C', `cadre=${'x'.repeat(65)}`, 'unit=']) {
      const answer = await service.request('GET', `/v1/cases?${query}`);
      expect(answer.status).toBe(422);
    }
    // A name with a quote is hashed, so it is a search like any other.
    expect(await search(`cadre=${encodeURIComponent("O'Brien")}`)).toEqual([]);
  });
});

describe('the CLI', () => {
  it('`cases --cadre <name>` finds the case', async () => {
    const name = uniqueName();
    const { workflowId } = await startProbation({ cadre: { id: 'C-1001', name } });
    await found(`cadre=${encodeURIComponent(name)}`, [workflowId]);
    const run = await runCli(['cases', '--cadre', name, '--json'], {
      CADRE_API_URL: service.api.url,
      CADRE_TOKEN: service.tokens.org,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).cases.map((c: { workflowId: string }) => c.workflowId)).toEqual([
      workflowId,
    ]);
    const table = await runCli(['cases', 'list', '--unit', '区财政局', '--cadre', name], {
      CADRE_API_URL: service.api.url,
      CADRE_TOKEN: service.tokens.org,
    });
    expect(table.stdout).toContain(workflowId);
    expect(table.stdout).toContain('1 case.');
  });
});

describe('starting the same case again', () => {
  it('the same body is the same case (200); another body is 409 naming the fields that differ', async () => {
    const { body, workflowId } = await startProbation();
    const again = await service.request('POST', '/v1/cases', body);
    expect(again.status).toBe(200);
    expect(again.body.workflowId).toBe(workflowId);
    // Defaults written out are the same content.
    const explicit = { ...body, policy: {}, trialPost: { ...body.trialPost, leadershipTeam: true } };
    expect((await service.request('POST', '/v1/cases', explicit)).status).toBe(200);

    const different = {
      ...body,
      cadre: { ...body.cadre, name: '别人' },
      trialPost: { ...body.trialPost, title: '局长' },
      nominatedBy: ['someone-else'],
    };
    const refused = await service.request('POST', '/v1/cases', different);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      status: 409,
      code: 'case_exists_with_different_content',
      issues: [
        { path: 'cadre.name', message: expect.any(String) },
        { path: 'nominatedBy', message: expect.any(String) },
        { path: 'trialPost.title', message: expect.any(String) },
      ],
    });
    expect(refused.body.error.message).toContain(workflowId);
    // Names fields, never values.
    expect(JSON.stringify(refused.body)).not.toContain('别人');
    expect(JSON.stringify(refused.body)).not.toContain(body.cadre.name);
    const kept = await service.request('GET', `/v1/cases/${body.department}/${body.caseId}`);
    expect(kept.body.context.cadre).toEqual(body.cadre);

    // Another track under the same id says so.
    const promotion = { ...promotionInput(), track: 'promotion', caseId: body.caseId };
    const otherTrack = await service.request('POST', '/v1/cases', promotion);
    expect(otherTrack.status).toBe(409);
    expect(otherTrack.body.error.issues[0].path).toBe('track');
  });

  it('concurrent identical starts: one 201, the rest 200, one workflow', async () => {
    const body = { track: 'probation', ...probationStart() };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => service.request('POST', '/v1/cases', body)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
  });
});
