import { policyOverridesSchema } from '../../domain/policy';
import { resolvePolicy } from '../rules/policy-bounds';

/**
 * A case's policy as a start schema takes it: overrides of the defaults, refused when malformed or looser
 * than the rules (DOMAIN.md: "a policy may be stricter than the rules, never looser"). Every track's start
 * schema uses this, so a looser policy never reaches a machine; the machine itself merges the overrides
 * with `mergePolicy`, as probation does.
 */
export const boundedPolicySchema = policyOverridesSchema
  .superRefine((overrides, ctx) => {
    const resolved = resolvePolicy(overrides);
    if (!resolved.ok) ctx.addIssue({ code: 'custom', message: resolved.reason });
  })
  .default({});
