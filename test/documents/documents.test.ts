import { describe, expect, it } from 'vitest';
import {
  buildDocument,
  type DocumentKind,
  documentDocx,
  documentKinds,
  documentText,
} from '../../documents/index';
import { Terms } from '../../documents/terms';
import { writtenDate, writtenDateTime } from '../../documents/written';
import type { CaseView } from '../../domain/case-view';
import { personalFactsSchema } from '../../domain/facts/personal';
import { readDocx } from '../support/docx';
import {
  completedDemotion,
  completedProbation,
  completedPromotion,
  completedRotation,
  personalFactsOfJia,
} from './completed-cases';

/**
 * The documents a clerk files (issue 15; DOMAIN.md "Documents the department files"), written from cases
 * run to their end through the real machines. What a clerk must never meet in them: an English code, JSON,
 * a request UUID, a UTC instant.
 */
const LEAKS = [
  { what: 'an upper-case code', pattern: /[A-Z_]{4,}/ },
  { what: 'JSON', pattern: /[{}]/ },
  { what: 'a UUID', pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i },
  { what: 'a UTC instant', pattern: /\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/ },
  { what: 'an ISO date', pattern: /\d{4}-\d{2}-\d{2}T/ },
  { what: 'undefined', pattern: /undefined|NaN|\[object/ },
  { what: 'a lower_snake code', pattern: /\b[a-z]+_[a-z_]+\b/ },
];

const cases: Record<string, () => CaseView> = {
  promotion: completedPromotion,
  rotation: completedRotation,
  demotion: completedDemotion,
  probation: completedProbation,
};
const ISSUER = '中共某区委组织部';

describe.each(Object.entries(cases))('the documents of a completed %s case', (_track, completed) => {
  const view = completed();

  it.each(documentKinds)(
    '%s: every code has its Chinese term, and nothing a clerk should not see leaks',
    async (kind) => {
      const terms = new Terms();
      const pages = buildDocument(kind, view, { issuer: ISSUER }, terms);
      if (!pages) return; // not every track yields every document (asserted per track below)
      expect(terms.missing).toEqual([]);
      const text = documentText(pages);
      const docx = readDocx(await documentDocx(pages));
      for (const written of [text, docx.paragraphs.join('\n')]) {
        for (const leak of LEAKS) expect(written, `${kind} shows ${leak.what}`).not.toMatch(leak.pattern);
      }
    },
  );

  it('the record (纪实) has page numbers and the three signature lines', async () => {
    const pages = buildDocument('record', view, { issuer: ISSUER });
    const docx = readDocx(await documentDocx(pages ?? []));
    expect(docx.footer).toMatch(/PAGE/);
    expect(docx.footer).toMatch(/NUMPAGES/);
    const signatures = docx.paragraphs.filter((p) => /（签字）/.test(p));
    expect(signatures.map((line) => line.slice(0, 3))).toEqual(['经办人', '审核人', '负责人']);
  });
});

const paragraphsOf = async (kind: DocumentKind, view: CaseView) => {
  const pages = buildDocument(kind, view, { issuer: ISSUER });
  if (!pages) throw new Error(`no ${kind}`);
  return readDocx(await documentDocx(pages)).paragraphs;
};

describe('the 纪实 of a promotion', () => {
  const view = completedPromotion();

  it('heads with the case, the people in the pool, their posts, the proposed post and the nominators', async () => {
    const paragraphs = await paragraphsOf('record', view);
    expect(paragraphs.slice(0, 12)).toEqual(
      expect.arrayContaining([
        '干部选拔任用工作纪实',
        '（提拔任职）',
        '案件编号：district-finance/2026-021',
        // 丙 and 丁 were not chosen for inspection: the header names only those still in the pool.
        '人选：甲、乙',
        '现任职务：甲：A科科长（正科）；乙：B科科长（正科）',
        '拟任职务：区财政局副局长（副处）',
        '提名人：局党组',
        '办理结果：已任职，进入试用期',
      ]),
    );
  });

  it('states what each step decided: qualification, ranking, evaluation, vote, publicity, appointment', async () => {
    const paragraphs = await paragraphsOf('record', view);
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        '甲：符合资格条件。',
        expect.stringMatching(/^丁：不符合资格条件。.*基本称职/),
        '参加率66.7%。推荐得分排序：',
        '（三）确定考察对象',
        '甲、乙（部务会议纪要〔2026〕3号）。',
        '表决对象：甲。应到11人，实到9人，回避0人；同意6票，不同意2票，缓议1票（须6票同意）。表决结果：通过。',
        // Published Thu 2026-02-12 over the Spring Festival: five working days to Wed 2026-02-25.
        '公示期2026年2月12日至2026年2月25日，共5个工作日。',
        '甲，2026年3月2日发文。',
      ]),
    );
    // The ranking table: 乙 first (0.31), 甲 second (0.24), 丙 third.
    const ranking = paragraphs.slice(paragraphs.indexOf('名次'), paragraphs.indexOf('名次') + 12);
    expect(ranking).toEqual([
      '名次',
      '人选',
      '综合得分',
      '1',
      '乙',
      '0.31',
      '2',
      '甲',
      '0.24',
      '3',
      '丙',
      '0.10',
    ]);
  });

  it('lists every step with its stage, both its dates in China time, and who acted', async () => {
    const paragraphs = await paragraphsOf('record', view);
    expect(paragraphs).toContain('2. 动议（动议 → 初始提名）');
    expect(paragraphs).toContain(
      '办理时间：2026年2月11日 10:00；记录时间：2026年2月11日 10:00；经办：od-zhang（组织部门）',
    );
    expect(paragraphs).toContain('被提名人：甲（现任A科科长（正科））');
    expect(paragraphs).toContain('推荐渠道：组织推荐');
    const steps = paragraphs.filter((p) => /^\d+\. /.test(p));
    expect(steps).toHaveLength(view.record.length);
  });

  it('writes dates as a clerk does, in China time', () => {
    expect(writtenDate('2026-12-01')).toBe('2026年12月1日');
    // 16:30 UTC is half past midnight the next day in Beijing.
    expect(writtenDateTime('2026-11-30T16:30:00.000Z')).toBe('2026年12月1日 00:30');
  });
});

describe('the 干部任免审批表', () => {
  it('fills every box of the national form from the nomination and the case, for each person put to the vote', async () => {
    const paragraphs = await paragraphsOf('approval-forms', completedPromotion());
    const boxOf = (label: string) => paragraphs[paragraphs.indexOf(label) + 1];
    expect(paragraphs[0]).toBe('干部任免审批表');
    expect(boxOf('姓名')).toBe('甲');
    expect(boxOf('性别')).toBe('女');
    expect(boxOf('出生年月')).toBe('1984.07');
    expect(boxOf('民族')).toBe('汉族');
    expect(boxOf('籍贯')).toBe('浙江绍兴');
    expect(boxOf('出生地')).toBe('浙江杭州');
    expect(boxOf('入党时间')).toBe('2006.06');
    expect(boxOf('参加工作时间')).toBe('2007.07');
    expect(boxOf('健康状况')).toBe('健康');
    expect(boxOf('专业技术职务')).toBe('高级会计师');
    expect(boxOf('学历学位（全日制教育）')).toBe('大学 经济学学士　浙江大学经济学院财政学专业');
    expect(boxOf('学历学位（在职教育）')).toBe('研究生 管理学硕士　中央党校经济管理专业');
    expect(boxOf('现任职务')).toBe('A科科长（正科）');
    expect(boxOf('拟任职务')).toBe('区财政局副局长（副处）');
    expect(boxOf('拟免职务')).toBe('A科科长（正科）');
    expect(boxOf('简历')).toBe('2003.09—2007.07　浙江大学经济学院财政学专业学习');
    expect(paragraphs).toContain('2020.01—　　　　　区财政局A科科长');
    expect(boxOf('奖惩情况')).toBe('2022年被评为全区优秀共产党员');
    expect(boxOf('年度考核结果')).toBe('2023年度优秀；2024年度称职；2025年度优秀');
    expect(boxOf('任免理由')).toBe('工作需要，人岗相适');
    for (const box of ['呈报单位意见', '审批机关意见', '行政机关任免意见']) expect(paragraphs).toContain(box);
  });

  it('one form per vote subject: a rotation and a demotion have their cadre; probation has none', async () => {
    expect((await paragraphsOf('approval-forms', completedRotation())).slice(0, 5)).toContain('王芳');
    const demotion = await paragraphsOf('approval-forms', completedDemotion());
    expect(demotion[demotion.indexOf('任免理由') + 1]).toBe('免职（问责）');
    expect(buildDocument('approval-forms', completedProbation(), { issuer: ISSUER })).toBeUndefined();
  });

  it('the personal facts are validated as the department sends them', () => {
    expect(personalFactsSchema.safeParse(personalFactsOfJia).success).toBe(true);
    const refused = personalFactsSchema.safeParse({
      ...personalFactsOfJia,
      birthMonth: '1984-13',
      gender: 'x',
    });
    expect(refused.success).toBe(false);
    expect(new Set(refused.error?.issues.map((issue) => issue.path.join('.')))).toEqual(
      new Set(['birthMonth', 'gender']),
    );
  });
});

describe('the published texts', () => {
  it('the 考察预告 names the people, the post and the six public items (六公开), and where to report', async () => {
    const paragraphs = await paragraphsOf('inspection-notice', completedPromotion());
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        '考察预告',
        '根据工作需要，经研究，决定对下列同志进行考察，拟任区财政局副局长（副处）（职位1个）：',
        '甲，现任A科科长（正科）。',
        '乙，现任B科科长（正科）。',
        '一、考察时间：2026年2月16日至2月27日',
        '六、任职要求：见动议方案',
        ISSUER,
        '2026年2月11日',
      ]),
    );
    expect(paragraphs.join('')).toContain('12380');
  });

  it('the 任前公示 gives the person, the proposed post and the period counted on the calendar', async () => {
    const paragraphs = await paragraphsOf('publicity-notice', completedPromotion());
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        '干部任前公示',
        '甲，女，汉族，1984.07生，浙江绍兴人，大学 经济学学士，2006.06入党，2007.07参加工作，现任A科科长（正科），拟任区财政局副局长（副处）。',
        '公示时间：2026年2月12日至2026年2月25日（5个工作日）。',
      ]),
    );
  });

  it('a track without the step yields no such document', () => {
    for (const kind of ['inspection-notice', 'publicity-notice'] as const) {
      expect(buildDocument(kind, completedRotation(), { issuer: ISSUER })).toBeUndefined();
    }
  });
});

describe('the 纪实 of a demotion reversed on 申诉 (rules edition 4)', () => {
  it('states the 复核 and the 申诉 with their dates, grounds, deadlines and decisions, and the reversal', async () => {
    const paragraphs = await paragraphsOf('record', completedDemotion());
    const text = paragraphs.join('\n');
    expect(text).toContain('（五）复核与申诉');
    expect(text).toContain(
      '2026年2月20日申请复核，理由：本人认为事故系客观原因所致，处理过重。复核决定期限至2026年3月22日。',
    );
    expect(text).toContain('2026年3月5日作出复核决定：维持原处理决定。');
    expect(text).toContain('2026年3月10日对复核决定不服，向区委组织部（同级公务员主管部门）提出申诉');
    expect(text).toContain('于2026年4月20日延长20日，处理期限至2026年5月29日。');
    expect(text).toContain('2026年5月20日作出申诉处理决定：撤销原处理决定。');
    expect(text).toContain('经申诉，原处理决定自2026年5月20日起撤销，恢复原职务：区财政局局长（正处）。');
    expect(text).toContain('原处理决定已撤销，影响期自2026年5月20日起解除。');
    expect(text).toContain('办理结果：原处理决定已撤销，恢复原职务');
    // Each step in the record: the request, by whom, and the reversal in the registry.
    expect(paragraphs).toContain('10. 申请复核（决定生效（复核、申诉期内） → 复核中（原决定照常执行））');
    expect(paragraphs).toContain('19. 撤销职务变动，恢复原职务');
  });
});
