import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, so an operator can filter the Temporal UI: "every case in publicity",
 * "every probation that ends this month", "everything department X nominated".
 * The dev-server launcher registers these by name and type; a real cluster needs them registered once
 * (worker/search-attributes.ts does it on start when it may).
 */
export const CaseTrack = defineSearchAttributeKey('CaseTrack', SearchAttributeType.KEYWORD);
export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseDepartment = defineSearchAttributeKey('CaseDepartment', SearchAttributeType.KEYWORD);
export const CaseOutcome = defineSearchAttributeKey('CaseOutcome', SearchAttributeType.KEYWORD);
export const CaseCadres = defineSearchAttributeKey('CaseCadres', SearchAttributeType.KEYWORD_LIST);
export const CaseNominators = defineSearchAttributeKey('CaseNominators', SearchAttributeType.KEYWORD_LIST);
/**
 * Search by person and unit: `name:<keyed digest of the name>` and `unit:<unit>` (domain/search-keys.ts);
 * never a name in plaintext. One attribute for both: the dev server's SQLite visibility takes at most
 * three keyword lists, and this is the third.
 */
export const CaseSearchKeys = defineSearchAttributeKey('CaseSearchKeys', SearchAttributeType.KEYWORD_LIST);
export const CaseNextDeadline = defineSearchAttributeKey('CaseNextDeadline', SearchAttributeType.DATETIME);
export const ProbationEndsAt = defineSearchAttributeKey('ProbationEndsAt', SearchAttributeType.DATETIME);
/** A publicity deadline computed over a year the holiday calendar lacks: operators must load that year. */
export const CaseDeadlineProvisional = defineSearchAttributeKey(
  'CaseDeadlineProvisional',
  SearchAttributeType.BOOL,
);

/**
 * 预警 (workflows/stage-warnings.ts): the stage a case has overrun (its CaseStage value, e.g.
 * `qualificationReview`; the probation review's `review`), absent while no stage is overdue; since when
 * (the start of the China day its expected days ran out); and whether it has been escalated (a second
 * period ran out, or the machine escalated it itself). Keyword, Datetime and Bool, because the dev
 * server's SQLite visibility takes no fourth keyword list — and with these its three Datetime and three
 * Bool columns are all taken.
 */
export const CaseOverdue = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.KEYWORD);
export const CaseOverdueSince = defineSearchAttributeKey('CaseOverdueSince', SearchAttributeType.DATETIME);
export const CaseOverdueEscalated = defineSearchAttributeKey(
  'CaseOverdueEscalated',
  SearchAttributeType.BOOL,
);
/** A report (or a probation finding) holds the case for verification (核查); false once none is pending. */
export const CaseHeld = defineSearchAttributeKey('CaseHeld', SearchAttributeType.BOOL);

export const allSearchAttributes = [
  CaseTrack,
  CaseStage,
  CaseDepartment,
  CaseOutcome,
  CaseCadres,
  CaseNominators,
  CaseSearchKeys,
  CaseNextDeadline,
  ProbationEndsAt,
  CaseDeadlineProvisional,
  CaseOverdue,
  CaseOverdueSince,
  CaseOverdueEscalated,
  CaseHeld,
];

/** The names and types in the form `temporal server start-dev --search-attribute` takes. */
export const searchAttributeFlags = (): string[] => {
  const cliType: Record<string, string> = {
    KEYWORD: 'Keyword',
    KEYWORD_LIST: 'KeywordList',
    DATETIME: 'Datetime',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
  };
  return allSearchAttributes.map((key) => `${key.name}=${cliType[key.type]}`);
};
