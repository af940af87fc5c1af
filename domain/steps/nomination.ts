import { z } from 'zod';
import { cadreSchema, eventEnvelope, postSchema } from '../case';
import { personalFactsSchema } from '../facts/personal';
import { nominationChannelSchema } from '../policy';

const nomineeSchema = cadreSchema.extend({
  currentPost: postSchema.describe('Current unit, post and rank'),
  personalFacts: personalFactsSchema.optional(),
});

const nominatorSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(64).optional(),
});
export type Nominator = z.infer<typeof nominatorSchema>;

/**
 * Nomination (初始提名) through the six channels of domain/policy.ts. Every nomination records its channel
 * and its nominators: whoever nominates is accountable (谁提名谁负责). Channel rules:
 * - individual_leader (领导干部个人推荐): one named leader, signed, with written material (DOMAIN.md);
 * - deputies_joint (“两代表一委员”联名推荐): a joint nomination, so at least two nominators;
 * - self_nomination (本人自荐): the nominator is the nominee.
 * A person may be nominated through several channels; the same channel and nominators twice is refused,
 * as is a second nomination that describes the same person differently.
 */
export const nominatedEventSchema = z.object({
  type: z.literal('NOMINATED'),
  ...eventEnvelope,
  nominee: nomineeSchema,
  channel: nominationChannelSchema,
  nominators: z.array(nominatorSchema).min(1).max(200),
  signed: z.boolean().default(false).describe('Individual-leader nominations must be signed'),
  writtenMaterial: z.string().max(20000).optional().describe('Required for individual-leader nominations'),
});
export type Nominated = z.infer<typeof nominatedEventSchema>;
