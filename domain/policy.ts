import { z } from 'zod';
import { compareFractions, type Fraction } from './ratio';
import { ok, parseWith, type Result, refuse } from './result';

/**
 * A case's policy: the thresholds and durations in force for it, written once. Each figure below states
 * its type, its default (DOMAIN.md's figures: the district's settings and the national rules) and, where
 * the rules fix a bound, which way is stricter and the rules' own figure. Everything else is derived from
 * this table: the policy's schema, the overrides a case may send, the defaults, and the check that "a
 * policy may be stricter than the rules, never looser" (DOMAIN.md).
 *
 * Fractions that the rules state as "two thirds" are kept as exact numerator/denominator pairs, and
 * percentages as integers, so that boundaries (exactly 75%, exactly 2/3) are compared in integers.
 */
const fractionSchema = z
  .object({ numerator: z.number().int().min(0), denominator: z.number().int().min(1) })
  .refine((f) => f.numerator <= f.denominator, { message: 'a fraction must not exceed 1' });

const percent = z.number().int().min(0).max(100);
/** A stage's expected duration in calendar days (预警, below). */
const days = z.number().int().min(1).max(3650);

const nominationChannels = [
  'mass_recommendation',
  'leaders_and_committee',
  'organizational',
  'individual_leader',
  'deputies_joint',
  'self_nomination',
] as const;
export const nominationChannelSchema = z.enum(nominationChannels);
export type NominationChannel = z.infer<typeof nominationChannelSchema>;

/**
 * The rules' bound on a figure: `atLeast` when a higher value is stricter, `atMost` when a lower one is,
 * `exactly` when the rules fix the figure outright (no policy may change it either way).
 * `rule` is the rules' own figure, not the default, so that loosening a default is caught too.
 */
type Bound<T> = { stricter: 'atLeast' | 'atMost' | 'exactly'; rule: T; what: string };

interface Figure<S extends z.ZodType> {
  schema: S;
  default: z.output<S>;
  bound?: Bound<z.output<S>>;
}
const figure = <S extends z.ZodType>(
  schema: S,
  defaultValue: z.output<S>,
  bound?: Bound<z.output<S>>,
): Figure<S> => ({ schema, default: defaultValue, bound });
const atLeast = <T>(rule: T, what: string): Bound<T> => ({ stricter: 'atLeast', rule, what });
const atMost = <T>(rule: T, what: string): Bound<T> => ({ stricter: 'atMost', rule, what });
const exactly = <T>(rule: T, what: string): Bound<T> => ({ stricter: 'exactly', rule, what });
const twoThirds = { numerator: 2, denominator: 3 };

const figures = {
  evaluation: {
    /** Satisfaction below this → may not be rated excellent (不评定为优秀). */
    excellentMinSatisfactionPercent: figure(
      percent,
      75,
      atLeast(75, 'the satisfaction needed for excellent (%)'),
    ),
    /** Dissatisfaction above this → admonishment talk (诫勉谈话). */
    admonishmentAboveDissatisfactionPercent: figure(
      percent,
      20,
      atMost(20, 'the dissatisfaction above which admonishment follows (%)'),
    ),
    /** Dissatisfaction above this → adjustment (调整). */
    adjustmentAboveDissatisfactionPercent: figure(
      percent,
      50,
      atMost(50, 'the dissatisfaction above which adjustment follows (%)'),
    ),
  },
  vote: {
    /** Members present / members who should attend must reach this for the vote to be valid. */
    quorum: figure(fractionSchema, twoThirds, atLeast(twoThirds, 'the quorum')),
    /** Votes in favour must be MORE than this share of the members who should attend. */
    passAboveShareOfShouldAttend: figure(
      fractionSchema,
      { numerator: 1, denominator: 2 },
      atLeast(
        { numerator: 1, denominator: 2 },
        'the share of members who should attend that votes in favour must exceed',
      ),
    ),
  },
  recommendation: {
    /** Participants who took part / listed participants must reach this. */
    minParticipation: figure(fractionSchema, twoThirds, atLeast(twoThirds, 'participation')),
    /** Weight of each channel's tally in the ranked score (按权重量化). */
    channelWeights: figure(z.record(nominationChannelSchema, z.number().min(0)), {
      mass_recommendation: 0.3,
      leaders_and_committee: 0.3,
      organizational: 0.2,
      individual_leader: 0.1,
      deputies_joint: 0.05,
      self_nomination: 0.05,
    }),
  },
  publicity: {
    workingDays: figure(z.number().int().min(1), 5, atLeast(5, 'the publicity (working days)')),
    /** Whether the day of publication counts when it is a working day. */
    publicationDayCounts: figure(z.boolean(), true),
  },
  inspectionNotice: {
    // DOMAIN.md gives no figure for the inspection notice: the default's 3 days is its floor.
    days: figure(z.number().int().min(0), 3, atLeast(3, 'the inspection notice (days)')),
  },
  probation: {
    /**
     * 试用期为一年 (《党政领导干部选拔任用工作条例》(2019), its probation article — art. 58 as machines/promotion.ts
     * cites it; the number is from memory): exactly one year, DOMAIN.md "Corrections and additions" — a
     * policy may neither lengthen nor shorten it. The figure stays in the table so the record shows it.
     */
    months: figure(z.number().int().min(1), 12, exactly(12, 'the probation (months)')),
    /** Days after the probation expires within which the review must conclude. */
    reviewDeadlineDays: figure(z.number().int().min(1), 30),
    /** Days before the review deadline on which a reminder goes out. */
    reviewReminderDaysBefore: figure(z.number().int().min(0), 7),
  },
  /** Qualification review (资格审查), from 《党政领导干部选拔任用工作条例》(2019) art. 8. */
  qualification: {
    /** Full years as a deputy before becoming head at the same level (副职提任正职: 2). */
    minYearsAsDeputyBeforeHead: figure(
      z.number().int().min(0),
      2,
      atLeast(2, 'the years as deputy before head'),
    ),
    /** Full years as a lower level's head before becoming the upper level's deputy (下级正职提任上级副职: 3). */
    minYearsAsLowerHeadBeforeUpperDeputy: figure(
      z.number().int().min(0),
      3,
      atLeast(3, "the years as a lower level's head before the upper level's deputy"),
    ),
    /** Full years of work (工龄) before promotion to a division-level (县处级) leading post or above (5). */
    minYearsOfWorkForDivisionLevel: figure(
      z.number().int().min(0),
      5,
      atLeast(5, 'the years of work before a division-level post'),
    ),
    /** Full years of grass-roots experience (基层工作经历) before a 县处级 leading post (条例 2019 art. 9: 2). */
    minGrassRootsYearsForDivisionLevel: figure(
      z.number().int().min(0),
      2,
      atLeast(2, 'the years of grass-roots experience before a division-level post'),
    ),
    /**
     * Posts held at the level below before promotion to a 县处级 post. A figure from memory (DOMAIN.md:
     * "experience in two or more posts at the level below (memory)"), so a policy setting with no rules
     * bound until the text is found.
     */
    minPostsAtLevelBelow: figure(z.number().int().min(0), 2),
  },
  admonishment: {
    /**
     * Months an admonishment (诫勉) bars promotion. A figure from memory (DOMAIN.md: "six months (memory:
     * policy setting)"); machines/rules/influence-period.ts has the same figure for measures on file.
     */
    barsPromotionMonths: figure(z.number().int().min(0), 6),
  },
  /**
   * 复核 and 申诉 after a 降职 or 免职 (rules edition 4), in calendar days, counted from the day after the
   * step (《民法典》 art. 201), closing at the end of the last day, China time. 《公务员法》(2018) art. 95: the
   * cadre may apply for 复核 within 30 days of learning of the decision, then 申诉 within 15 days of
   * receiving the 复核 decision, or 申诉 directly within 30 days; art. 96: the 原处理机关 decides a 复核
   * within 30 days of receiving it, the organ hearing a 申诉 within 60 days of accepting it, extendable
   * for a complex case by at most 30 days. (The wording was checked against the 2005 text, arts. 90–91,
   * which the 2018 revision kept as arts. 95–96; the numbering is from memory.) The cadre's periods are
   * rights: no policy may shorten or lengthen them. The organs' deadlines may only be shorter.
   */
  recourse: {
    /** Days after the decision within which the cadre may apply for 复核, or 申诉 directly (art. 95). */
    requestDays: figure(z.number().int().min(1), 30, exactly(30, 'the period to apply for 复核 (days)')),
    /** Days after the 复核 decision within which the cadre may 申诉 (art. 95). */
    appealAfterReviewDays: figure(
      z.number().int().min(1),
      15,
      exactly(15, 'the period to 申诉 after the 复核 decision (days)'),
    ),
    /** Days after the request within which the 原处理机关 decides the 复核 (art. 96). */
    reviewDecisionDays: figure(
      z.number().int().min(1),
      30,
      atMost(30, 'the deadline for the 复核 decision (days)'),
    ),
    /** Days after the 申诉 is accepted within which the organ hearing it decides (art. 96). */
    appealDecisionDays: figure(
      z.number().int().min(1),
      60,
      atMost(60, 'the deadline for the 申诉 decision (days)'),
    ),
    /** The most days a complex 申诉's deadline may be extended by (art. 96: 不得超过三十日). */
    appealExtensionMaxDays: figure(
      z.number().int().min(0),
      30,
      atMost(30, 'the extension of the 申诉 deadline (days)'),
    ),
  },
  /**
   * 预警 (DOMAIN.md "Warnings"): the calendar days each stage is expected to take, from the day the case
   * entered it (counted in China time). A case still there when they have run out is overdue: the office
   * in charge is told and the case is marked (CaseOverdue); when as many days again have run out, it is
   * escalated to the organization department's leader in charge (CaseOverdueEscalated). These are the
   * service's operational defaults, not rules: no national text fixes how long a motion or an inspection
   * takes, so no bound applies and a policy may set any figure. Stages the rules or the machine already
   * time are not here: the inspection notice and the publicity window (their periods are the rules'
   * own, timed by the machine), probation's year (fixed by the 条例) and its review (its own deadline,
   * reminder and escalation: policy.probation.reviewDeadlineDays).
   */
  promotionStageDays: {
    /** 动议, with its 酝酿: a proposal deliberated with the leaders concerned, a month at most. */
    motion: figure(days, 30),
    /** 初始提名: the six channels gathered, a recommendation meeting called: a fortnight. */
    nomination: figure(days, 15),
    /** 资格审查: checking each nominee's file against the rules, which the department supplies: ten days. */
    qualificationReview: figure(days, 10),
    /** 民主推荐: talks and the meeting, then the weighted ranking: a fortnight. */
    democraticRecommendation: figure(days, 15),
    /** 确定考察对象: one meeting of the department (部务会议), held weekly: a week. */
    choosingCandidates: figure(days, 7),
    /** 待发布考察预告: the notice drafted once the candidates are chosen: a week. */
    awaitingInspectionNotice: figure(days, 7),
    /** 考察: evaluation, talks with superiors, peers, subordinates and the public, the report: a month. */
    inspection: figure(days, 30),
    /** 征求意见: committee members consulted before the vote: ten days. */
    consultation: figure(days, 10),
    /** 公开选拔：人选陈述答辩: the finalists heard on one day, once it is set: ten days. */
    finalistsPresentation: figure(days, 10),
    /** 常委会票决, with 酝酿 and 凡提四必 before it: the committee meets at least monthly, deferrals included. */
    committeeVote: figure(days, 30),
    /** 待任前公示: the publicity notice should go up within a week of the vote. */
    'publicity.pending': figure(days, 7),
    /** 公示期满，核查未结: the publicity closed and a report still being verified (核查): a month. */
    'publicity.closedWhileHeld': figure(days, 30),
    /** 公示期满，待任职: the appointment notice issued after the publicity: a fortnight. */
    awaitingAppointment: figure(days, 15),
    /** 任职谈话: the appointment talk soon after the notice: a fortnight. */
    appointmentTalk: figure(days, 15),
  },
  rotationStageDays: {
    /** 动议（交流轮岗）: the move proposed and deliberated: a month. */
    motion: figure(days, 30),
    /** 征求意见: a fortnight. */
    consultation: figure(days, 15),
    /** 常委会票决: the committee meets at least monthly. */
    committeeVote: figure(days, 30),
    /**
     * 通知与谈话, until the transfer: a month (memory: the rotation rules want the cadre in the new post
     * within a set time after the notice; the figure is not found here, so it stays a policy setting).
     */
    noticeAndTalk: figure(days, 30),
  },
  demotionStageDays: {
    /** 核实: verifying the trigger (an evaluation, an assessment, an incident): a month. */
    verification: figure(days, 30),
    /** 谈话与申辩: the talk, and the cadre's defence: a fortnight. */
    talk: figure(days, 15),
    /** 提出处理意见: the organization department's proposal: a fortnight. */
    proposal: figure(days, 15),
    /** 常委会票决: the committee meets at least monthly. */
    committeeVote: figure(days, 30),
  },
  stageWarnings: {
    /** A stage without a figure of its own (one added since these were set) is expected to take a month. */
    otherStageDays: figure(days, 30),
  },
  /** Dated steps (an event's `occurredAt`). */
  reporting: {
    /**
     * Days after a step happened by which it must be reported (its China date to the day it is recorded),
     * or null for no bound. No rule fixes one, so the default is none: a department that learns of a
     * step late still records it as it happened. Steps brought in with a case already under way (a
     * start's `history`) are exempt: bringing a case in is reporting late by nature.
     */
    maxDaysLate: figure(z.number().int().min(0).nullable(), null),
  },
};

type Figures = typeof figures;
type Section = keyof Figures;
type AnyFigure = Figure<z.ZodType>;
type SectionShape<K extends Section> = {
  [F in keyof Figures[K]]: Figures[K][F] extends Figure<infer S> ? S : never;
};

const sections = Object.keys(figures) as Section[];
const entries = (section: Section) => Object.entries(figures[section]) as [string, AnyFigure][];
const sectionSchema = <K extends Section>(section: K) =>
  z.object(Object.fromEntries(entries(section).map(([name, f]) => [name, f.schema])) as SectionShape<K>);

export const evaluationPolicySchema = sectionSchema('evaluation');
export const votePolicySchema = sectionSchema('vote');
export const recommendationPolicySchema = sectionSchema('recommendation');
const publicityPolicySchema = sectionSchema('publicity');
const inspectionNoticePolicySchema = sectionSchema('inspectionNotice');
const probationPolicySchema = sectionSchema('probation');
export const qualificationPolicySchema = sectionSchema('qualification');
const admonishmentPolicySchema = sectionSchema('admonishment');
const reportingPolicySchema = sectionSchema('reporting');
const recoursePolicySchema = sectionSchema('recourse');
const promotionStageDaysSchema = sectionSchema('promotionStageDays');
const rotationStageDaysSchema = sectionSchema('rotationStageDays');
const demotionStageDaysSchema = sectionSchema('demotionStageDays');
const stageWarningsPolicySchema = sectionSchema('stageWarnings');

const policySchema = z.object({
  evaluation: evaluationPolicySchema,
  vote: votePolicySchema,
  recommendation: recommendationPolicySchema,
  publicity: publicityPolicySchema,
  inspectionNotice: inspectionNoticePolicySchema,
  probation: probationPolicySchema,
  qualification: qualificationPolicySchema,
  admonishment: admonishmentPolicySchema,
  reporting: reportingPolicySchema,
  recourse: recoursePolicySchema,
  promotionStageDays: promotionStageDaysSchema,
  rotationStageDays: rotationStageDaysSchema,
  demotionStageDays: demotionStageDaysSchema,
  stageWarnings: stageWarningsPolicySchema,
});
export type Policy = z.infer<typeof policySchema>;

/** What a case may send: any section, any field; the rest comes from the defaults. */
export const policyOverridesSchema = z
  .object({
    evaluation: evaluationPolicySchema.partial(),
    vote: votePolicySchema.partial(),
    recommendation: recommendationPolicySchema.partial(),
    publicity: publicityPolicySchema.partial(),
    inspectionNotice: inspectionNoticePolicySchema.partial(),
    probation: probationPolicySchema.partial(),
    qualification: qualificationPolicySchema.partial(),
    admonishment: admonishmentPolicySchema.partial(),
    reporting: reportingPolicySchema.partial(),
    recourse: recoursePolicySchema.partial(),
    promotionStageDays: promotionStageDaysSchema.partial(),
    rotationStageDays: rotationStageDaysSchema.partial(),
    demotionStageDays: demotionStageDaysSchema.partial(),
    stageWarnings: stageWarningsPolicySchema.partial(),
  })
  .partial()
  .strict();
export type PolicyOverrides = z.infer<typeof policyOverridesSchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse(
  Object.fromEntries(
    sections.map((section) => [
      section,
      Object.fromEntries(entries(section).map(([name, f]) => [name, f.default])),
    ]),
  ),
);

/** Defaults overlaid with a case's overrides, section by section (channel weights channel by channel). */
export function mergePolicy(overrides: PolicyOverrides = {}): Policy {
  const merged = Object.fromEntries(
    sections.map((section) => [section, { ...DEFAULT_POLICY[section], ...overrides[section] }]),
  ) as Policy;
  merged.recommendation.channelWeights = {
    ...DEFAULT_POLICY.recommendation.channelWeights,
    ...overrides.recommendation?.channelWeights,
  };
  return policySchema.parse(merged);
}

export interface PolicyLooseness {
  /** Dotted path of the offending field, e.g. 'vote.quorum'. */
  path: string;
  reason: string;
}

const isFraction = (value: unknown): value is Fraction =>
  typeof value === 'object' && value !== null && 'numerator' in value && 'denominator' in value;
const show = (value: unknown) =>
  isFraction(value) ? `${value.numerator}/${value.denominator}` : String(value);
const compare = (a: unknown, b: unknown) =>
  isFraction(a) && isFraction(b) ? compareFractions(a, b) : Math.sign(Number(a) - Number(b));

/** Every way `policy` is looser than the rules (or incoherent); empty when it is as strict or stricter. */
export function checkPolicyBounds(policy: Policy): PolicyLooseness[] {
  const found: PolicyLooseness[] = [];
  for (const section of sections) {
    for (const [name, { bound }] of entries(section)) {
      const value = (policy[section] as Record<string, unknown>)[name];
      if (!bound) continue;
      const sign = compare(value, bound.rule);
      const looser =
        bound.stricter === 'atLeast' ? sign < 0 : bound.stricter === 'atMost' ? sign > 0 : sign !== 0;
      if (looser) {
        const word = { atLeast: 'at least', atMost: 'at most', exactly: 'exactly' }[bound.stricter];
        found.push({
          path: `${section}.${name}`,
          reason: `${bound.what} must be ${word} ${show(bound.rule)}, not ${show(value)}`,
        });
      }
    }
  }
  const { admonishmentAboveDissatisfactionPercent: admonish, adjustmentAboveDissatisfactionPercent: adjust } =
    policy.evaluation;
  if (admonish > adjust) {
    found.push({
      path: 'evaluation.admonishmentAboveDissatisfactionPercent',
      reason: `admonishment (above ${admonish}%) must not start above adjustment (above ${adjust}%)`,
    });
  }
  return found;
}

/** The defaults overlaid with a case's overrides, refused when malformed or looser than the rules. */
export function resolvePolicy(overrides: unknown = {}): Result<Policy> {
  const parsed = parseWith(policyOverridesSchema, overrides ?? {}, 'policy');
  if (!parsed.ok) return parsed;
  const policy = mergePolicy(parsed.value);
  const looser = checkPolicyBounds(policy);
  if (looser.length > 0) {
    return refuse(
      `policy is looser than the rules: ${looser.map((l) => `${l.path}: ${l.reason}`).join('; ')}`,
    );
  }
  return ok(policy);
}

/**
 * A case's policy as a start schema takes it: overrides of the defaults, refused when malformed or looser
 * than the rules. Every track's start schema uses this, so a looser policy never reaches a machine; the
 * machine merges the overrides with `mergePolicy`.
 */
export const boundedPolicySchema = policyOverridesSchema
  .superRefine((overrides, ctx) => {
    const resolved = resolvePolicy(overrides);
    if (!resolved.ok) ctx.addIssue({ code: 'custom', message: resolved.reason });
  })
  .default({});

/** The stage-duration section of each track's policy (预警); probation's stages are timed by the rules. */
const stageDaysSections = {
  promotion: 'promotionStageDays',
  rotation: 'rotationStageDays',
  demotion: 'demotionStageDays',
} as const satisfies Partial<Record<string, Section>>;

/**
 * The days `stage` of `track` is expected to take under `policy` (a case's captured policy, which may
 * predate these figures: then the defaults), and whether the policy names the stage or the fallback
 * applies.
 */
export function expectedStageDays(
  policy: Partial<Policy> | undefined,
  track: string,
  stage: string,
): { days: number; named: boolean } {
  const section = stageDaysSections[track as keyof typeof stageDaysSections];
  const figures = section
    ? ({ ...DEFAULT_POLICY[section], ...policy?.[section] } as Record<string, number | undefined>)
    : {};
  const named = figures[stage];
  if (named !== undefined) return { days: named, named: true };
  return {
    days: policy?.stageWarnings?.otherStageDays ?? DEFAULT_POLICY.stageWarnings.otherStageDays,
    named: false,
  };
}
