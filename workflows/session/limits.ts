/**
 * What one case may hold, so that no caller can grow a case until Temporal terminates it (its history
 * limit is 50 MB and 51,200 events; a continued-as-new run carries the case in one payload of at most
 * 2 MB). Not rules of the domain: a real case holds a few dozen steps and a handful of reports. An event
 * beyond a limit is refused with CaseLimitReached, which the API answers 429.
 */
export const CASE_LIMITS = {
  /** Reports (举报) filed on one case. */
  reports: 100,
  /** Steps (events applied) on one case's record. */
  events: 2_000,
  /**
   * The case record's size, in UTF-8 bytes of JSON. A continued run carries the record and the machine's
   * context, which repeats much of it (a report's summary is in both), in one payload that Temporal
   * refuses above 2 MB: so about a third of that.
   */
  recordBytes: 600_000,
} as const;

/** History events after which a case continues as new, carrying itself (Temporal may suggest it sooner). */
export const HISTORY_EVENTS_BEFORE_CONTINUE = 10_000;
