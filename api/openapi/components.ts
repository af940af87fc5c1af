import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { actorSchema, cadreSchema, postSchema } from '../../domain/case';
import { caseListSchema, ledgerSchema } from '../../domain/case-list';
import { caseViewSchema, eventOutcomeSchema } from '../../domain/case-view';
import { eventOptionsOf, eventTypeOf } from '../../domain/event-schemas';
import { calendarCoverageSchema, calendarLoadResultSchema } from '../../domain/holiday-calendar';
import { yearScheduleSchema } from '../../domain/holiday-schedule';
import { labelSchema } from '../../domain/label';
import { boundedPolicySchema } from '../../domain/policy';
import { apiEventSchema, startCaseSchema } from '../../domain/start';
import { errorBodySchema, refusalBodySchema } from '../errors';

/**
 * Names for the schemas the document shows as components (#/components/schemas/…), given where the API
 * is built, so that domain/ stays plain zod.
 *
 * A name is set on the very schema object the routes validate with, in the registry the document
 * generator reads (zod-to-openapi's `.openapi(name)` would make a copy, which the routes would not use):
 * what is named is what validates. Every schema reached twice is named, and every option of a
 * discriminated union (a discriminator's mapping needs a component per option).
 */
export function nameSchema<T extends z.ZodType>(name: string, schema: T, description?: string): T {
  // What the schema has (and inherits from the schema it was derived from, a name included: a derived
  // schema, e.g. `.describe()`d, is shown as the component it was derived from until it gets its own).
  const current = zodToOpenAPIRegistry.get(schema) ?? {};
  zodToOpenAPIRegistry.add(schema, {
    ...current,
    ...(description ? { description } : {}),
    _internal: { ...current._internal, refId: name },
  });
  return schema;
}

/** MOTION_ADOPTED → MotionAdopted; promotion → Promotion. */
const pascalCase = (text: string) =>
  text
    .toLowerCase()
    .split(/[_\s-]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

let named = false;
/** Names the shared schemas once per process; idempotent. */
export function nameComponents(): void {
  if (named) return;
  named = true;
  nameSchema('Error', errorBodySchema, 'The one error shape of every failing response');
  nameSchema(
    'Refusal',
    refusalBodySchema,
    'An event the case does not accept now (409): where the case is and the events it accepts now',
  );

  // Starting: one body per track, discriminated by `track`.
  nameSchema('StartCase', startCaseSchema, 'The body that starts a case: one shape per track');
  for (const option of startCaseSchema.options) {
    const track = (option.shape.track as z.ZodLiteral<string>).value;
    nameSchema(`${pascalCase(track)}Start`, option);
  }
  // Events: one body per event type, discriminated by `type`.
  nameSchema(
    'Event',
    apiEventSchema,
    'An event a department system sends; the case decides whether it is legal now',
  );
  for (const option of eventOptionsOf(apiEventSchema)) {
    nameSchema(`${pascalCase(eventTypeOf(option))}Event`, option);
  }

  // What the start bodies share.
  nameSchema('Post', postSchema);
  nameSchema('Cadre', cadreSchema);
  nameSchema('Policy', unwrapDefault(boundedPolicySchema));

  // Reads.
  nameSchema('CaseView', caseViewSchema);
  nameSchema('EventOutcome', eventOutcomeSchema);
  nameSchema('RecordEntry', caseViewSchema.shape.record.element);
  nameSchema('Deadline', caseViewSchema.shape.deadlines.element);
  nameSchema('Label', labelSchema);
  nameSchema('Actor', actorSchema);
  nameSchema('CaseList', caseListSchema);
  nameSchema('CaseSummary', caseListSchema.shape.cases.element);
  nameSchema('Ledger', ledgerSchema);
  nameSchema('YearSchedule', yearScheduleSchema);
  nameSchema('CalendarCoverage', calendarCoverageSchema);
  nameSchema('CalendarLoadResult', calendarLoadResultSchema);
}

/** The schema inside `.default(…)`: the component is the object, the default belongs to where it is used. */
function unwrapDefault(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType };
  return def.type === 'default' && def.innerType ? def.innerType : schema;
}
