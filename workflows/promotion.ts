import type { CaseOrigin } from '../domain/case';
import { type PromotionStart, promotionEventSchema, promotionStartSchema } from '../domain/tracks/promotion';
import { nominatorsOf } from '../machines/fragments/candidates';
import type { OpenDemotionCaseParams, StartProbationParams } from '../machines/fragments/effects';
import { supervisionPreconditions } from '../machines/fragments/supervision';
import { type PromotionContext, promotionMachine } from '../machines/promotion';
import { hostCase } from './case-host';
import { childCaseId } from './child-case-ids';
import { CaseDeadlineProvisional } from './search-attributes';
import type { TrackSpec } from './track-spec';

const promotion = (context: Record<string, unknown>) => context as unknown as PromotionContext;

export const promotionTrack: TrackSpec = {
  track: 'promotion',
  machine: promotionMachine,
  startSchema: promotionStartSchema,
  preconditions: supervisionPreconditions,
  eventSchema: promotionEventSchema,
  searchAttributes: (context) => {
    const publicity = promotion(context).publicity;
    const provisional = publicity && !publicity.exempt && !publicity.closedAt ? publicity.provisional : false;
    return [{ key: CaseDeadlineProvisional, value: provisional }];
  },
  subject: (context) => {
    const c = promotion(context);
    const inPool = c.candidates.filter((x) => x.status !== 'disqualified' && x.status !== 'adjusted').length;
    return `${c.post.unit} ${c.post.title} (${c.post.rank}) · ${c.candidates.length} nominated, ${inPool} in the pool`;
  },
  parties: (context) => {
    const c = promotion(context);
    return {
      cadres: c.candidates.map((x) => x.id),
      nominators: [...new Set(c.candidates.flatMap(nominatorsOf))],
    };
  },
  childCases: {
    // Appointment to a post that carries probation hands over to a probation case of its own.
    startProbation: (params, context) => {
      const c = promotion(context);
      const p = params as StartProbationParams;
      return {
        workflowType: 'probationCase',
        summary: `试用期 Probation · ${p.cadre.name} (${p.cadre.id}) · ${c.post.unit} ${c.post.title} · from promotion ${c.caseId}`,
        input: { department: c.department, caseId: childCaseId(c.caseId, 'probation'), ...p },
      };
    },
    // An incumbent whose evaluation calls for adjustment (调整): a demotion case opens by itself.
    openDemotionCase: (params, context) => {
      const c = promotion(context);
      const p = params as OpenDemotionCaseParams;
      const candidate = c.candidates.find((x) => x.id === p.cadreId);
      if (!candidate) throw new Error(`openDemotionCase for ${p.cadreId}, who is not a candidate`);
      return {
        workflowType: 'demotionCase',
        summary: `降职免职 Demotion · ${candidate.name} (${candidate.id}) · evaluation in promotion ${c.caseId}`,
        input: {
          department: c.department,
          caseId: childCaseId(c.caseId, `demotion-${candidate.id}`),
          cadre: { id: candidate.id, name: candidate.name },
          currentPost: candidate.currentPost,
          relatives: candidate.relatives,
          nominatedBy: nominatorsOf(candidate),
          trigger: p.trigger,
          policy: {},
        },
      };
    },
  },
};

/** A promotion case (提拔任职): from the motion to appointment, through every step the rules require. */
export async function promotionCase(input: PromotionStart, origin?: CaseOrigin) {
  return hostCase(promotionTrack, input, origin);
}
