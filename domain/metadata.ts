/**
 * What Temporal's own metadata may say about a cadre: the workflow's summary, its current details, the
 * summaries of its timers, activities and child cases. Temporal stores that metadata beside the history
 * and shows it in the Web UI; unless a payload codec encrypts user metadata too, it is plaintext on disk
 * (issue 13: "search attributes and UI summaries carry no personal data in plaintext"). So cadres are
 * named by id only. Once the codec is known to encrypt user metadata, turn this on: summaries and
 * details then read "李明 (C-1001)" again. Nothing replays differently (metadata is no command).
 */
export const NAMES_IN_TEMPORAL_METADATA = false;

/** A cadre as Temporal's metadata names them. */
export const cadreInMetadata = (cadre: { id: string; name: string }): string =>
  NAMES_IN_TEMPORAL_METADATA ? `${cadre.name} (${cadre.id})` : cadre.id;
