/** A child case's id, derived from its parent's: readable, and within the case-id rules (64 chars, slug). */
export function childCaseId(parentCaseId: string, suffix: string): string {
  const safe = `${parentCaseId}.${suffix}`.replace(/[^A-Za-z0-9._-]/g, '-');
  return safe.length <= 64 ? safe : safe.slice(0, 64);
}
