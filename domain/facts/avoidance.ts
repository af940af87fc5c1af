import { z } from 'zod';
import { idSchema } from '../counts';

/**
 * Avoidance (回避). Nobody may report directly to, or serve in organization, discipline, audit or finance
 * work under, a spouse or close relative (DOMAIN.md); a committee member recuses from a vote on a relative.
 *
 * "Close relative" is the national list (《党政领导干部任职回避暂行规定》, 2006): spouse, lineal blood
 * relatives, collateral blood relatives within three generations, and close in-laws. Every relation below
 * is covered; the department system sends only relatives of these kinds.
 *
 * Beyond DOMAIN.md's two lines, two optional facts are checked when supplied, since the national rule has
 * them too: a relative reporting directly to the cadre (the same line, seen from above), and a relative
 * reporting directly to the same superior (双方直接隶属于同一领导人员).
 * The reverse line (DOMAIN.md "Corrections and additions", Avoidance; rules edition 3): a cadre may not lead
 * a unit where a close relative does organization, discipline, audit or finance work. The department
 * supplies whether the post leads the unit (`leadsUnit`) and who does that work in it (`sensitiveStaffIds`).
 */
const relations = ['spouse', 'lineal', 'collateral', 'in_law'] as const;
const relationSchema = z.enum(relations);
export type Relation = z.infer<typeof relationSchema>;
export const RELATION_LABELS: Record<Relation, string> = {
  spouse: '夫妻关系',
  lineal: '直系血亲关系',
  collateral: '三代以内旁系血亲关系',
  in_law: '近姻亲关系',
};

export const relativeSchema = z.object({ id: idSchema, relation: relationSchema });
export type Relative = z.infer<typeof relativeSchema>;

const postFunctions = ['organization', 'discipline', 'audit', 'finance', 'other'] as const;
const postFunctionSchema = z.enum(postFunctions);
export type PostFunction = z.infer<typeof postFunctionSchema>;
function relativesSchemaChecked() {
  return z.array(relativeSchema).superRefine((list, ctx) => {
    const ids = new Set<string>();
    list.forEach((r, i) => {
      if (ids.has(r.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `relative ${r.id} is listed twice` });
      ids.add(r.id);
    });
  });
}

export const avoidanceInputSchema = z
  .object({
    cadreId: idSchema,
    post: z.object({
      unitId: idSchema,
      function: postFunctionSchema,
      /** Whom the post reports to; null for a post with no superior inside the system. */
      directSuperiorId: idSchema.nullable(),
      /** The leaders (leadership team) of the unit. */
      unitLeaderIds: z.array(idSchema),
      /** Optional: people who would report directly to the cadre in this post. */
      directReportIds: z.array(idSchema).optional(),
      /** Optional: others reporting directly to the same superior. */
      peerIds: z.array(idSchema).optional(),
      /** Optional: the post is one of the unit's leaders (checked from rules edition 3). */
      leadsUnit: z.boolean().optional(),
      /** Optional: who in the unit does organization, discipline, audit or finance work (edition 3). */
      sensitiveStaffIds: z.array(idSchema).optional(),
    }),
    relatives: relativesSchemaChecked(),
  })
  .superRefine((input, ctx) => {
    if (input.relatives.some((r) => r.id === input.cadreId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['relatives'],
        message: 'the cadre cannot be their own relative',
      });
    }
    if (input.post.directSuperiorId === input.cadreId) {
      ctx.addIssue({
        code: 'custom',
        path: ['post', 'directSuperiorId'],
        message: 'the cadre cannot report to themself',
      });
    }
  });
export type AvoidanceInput = z.input<typeof avoidanceInputSchema>;

export const recusalInputSchema = z
  .object({
    memberIds: z.array(idSchema),
    candidateRelatives: relativesSchemaChecked(),
    candidateId: idSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (new Set(input.memberIds).size !== input.memberIds.length) {
      ctx.addIssue({ code: 'custom', path: ['memberIds'], message: 'a member is listed twice' });
    }
  });
