import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCX_CONTENT_TYPE } from '../../documents/index';
import { chinaDateOf } from '../../domain/dates';
import { personalFactsOfJia } from '../documents/completed-cases';
import { probationStart } from '../support/cases';
import { readDocx } from '../support/docx';
import { startTestService, type TestService } from '../support/service';
import { rotation, rotationStart } from '../support/track-fixtures';

/**
 * The documents over real HTTP, from cases a real worker ran on a real dev server: the Word file and the
 * text, their content types and file names, a document the case has not reached yet, and confidentiality.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

async function download(path: string, token = service.tokens.org) {
  const response = await fetch(`${service.api.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** A rotation through the API, to its end: proposed, consulted, voted by the committee, notice and talk. */
async function transferredRotation() {
  const body = {
    track: 'rotation',
    ...rotationStart({
      department: 'district-finance',
      cadre: { id: 'C-2001', name: '王芳', personalFacts: personalFactsOfJia } as never,
    }),
  };
  expect((await service.request('POST', '/v1/cases', body)).status).toBe(201);
  const path = `/v1/cases/${body.department}/${body.caseId}`;
  const { actor: _a, ...proposal } = rotation.propose();
  const { actor: _c, ...consulted } = rotation.consulted;
  const { actor: _v, ...vote } = rotation.passes;
  const { actor: _t, ...talk } = rotation.talk(chinaDateOf(Date.now()));
  for (const [event, token] of [
    [proposal, service.tokens.org],
    [consulted, service.tokens.org],
    [vote, service.tokens.committee],
    [talk, service.tokens.org],
  ] as const) {
    const sent = await service.request('POST', `${path}/events`, event, { token });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  }
  return path;
}

describe('documents over HTTP', () => {
  it('a rotation’s 纪实 and approval form, as Word files named in Chinese, and as text', async () => {
    const path = await transferredRotation();

    const record = await download(`${path}/documents/record`);
    expect(record.response.status).toBe(200);
    expect(record.response.headers.get('content-type')).toBe(DOCX_CONTENT_TYPE);
    const disposition = record.response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(
      /^attachment; filename="record-district-finance-rot-[^"]+\.docx"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toMatch(
      /^干部选拔任用工作纪实-district-finance-rot-.*\.docx$/,
    );
    const paragraphs = readDocx(record.bytes).paragraphs;
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        '干部选拔任用工作纪实',
        '（交流轮岗）',
        '干部：王芳',
        '现任职务：区财政局副局长（副处）',
        '拟任职务：区审计局副局长（副处）',
        '办理结果：已交流任职',
      ]),
    );

    const form = readDocx((await download(`${path}/documents/approval-forms`)).bytes).paragraphs;
    expect(form[form.indexOf('姓名') + 1]).toBe('王芳');
    expect(form[form.indexOf('出生年月') + 1]).toBe('1984.07');
    expect(form[form.indexOf('任免理由') + 1]).toBe('同一职位任职满十年');

    const text = await download(`${path}/documents/record?format=text`);
    expect(text.response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const written = new TextDecoder().decode(text.bytes);
    expect(written).toContain('拟任职务：区审计局副局长（副处）');
    expect(written).not.toMatch(/[A-Z_]{4,}|\{|\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
  });

  it('a document the case has not reached is a 409 in words, naming where the case stands', async () => {
    const body = { track: 'probation', ...probationStart() };
    await service.request('POST', '/v1/cases', body);
    const answer = await service.request(
      'GET',
      `/v1/cases/${body.department}/${body.caseId}/documents/publicity-notice`,
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'document_not_ready', state: 'serving' });
    expect(answer.body.error.message).toMatch(/任前公示.*pre-appointment publicity notice/);
  });

  it('an unknown kind or format is a 422 naming the field', async () => {
    const body = { track: 'probation', ...probationStart() };
    await service.request('POST', '/v1/cases', body);
    const base = `/v1/cases/${body.department}/${body.caseId}/documents`;
    const kind = await service.request('GET', `${base}/minutes`);
    expect(kind.status).toBe(422);
    expect(kind.body.error.issues[0].path).toBe('kind');
    const format = await service.request('GET', `${base}/record?format=pdf`);
    expect(format.status).toBe(422);
    expect(format.body.error.issues[0].path).toBe('format');
  });

  it('a department’s copy never carries a report’s content; another department gets none', async () => {
    const SECRET = '反映该同志违规收受礼金';
    const body = { track: 'probation', ...probationStart({ department: 'district-finance' }) };
    await service.request('POST', '/v1/cases', body);
    const path = `/v1/cases/${body.department}/${body.caseId}`;
    const filed = await service.request('POST', `${path}/reports`, {
      reportId: 'R-1',
      channel: 'letter',
      summary: SECRET,
    });
    expect(filed.status).toBe(200);

    const org = readDocx((await download(`${path}/documents/record`)).bytes).paragraphs.join('\n');
    expect(org).toContain(SECRET);
    for (const format of ['', '?format=text']) {
      const own = await download(`${path}/documents/record${format}`, service.tokens.finance);
      expect(own.response.status).toBe(200);
      const content = format
        ? new TextDecoder().decode(own.bytes)
        : readDocx(own.bytes).paragraphs.join('\n');
      expect(content).toContain('收到举报');
      expect(content).not.toContain(SECRET);
    }
    const other = await download(`${path}/documents/record`, service.tokens.education);
    expect(other.response.status).toBe(403);
  });
});
