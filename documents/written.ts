import { chinaDateOf, formatChinaDateTime, isIsoDate, parseChinaDate } from '../domain/dates';
import type { Terms } from './terms';

/**
 * Values as a clerk writes them: dates 2026年12月1日 in China time, instants with the hour, yes/no in
 * words, codes through the term tables, people by name. What the service keeps as codes and UTC instants
 * never reaches a document as such.
 */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/** 2026年12月1日 */
export function writtenDate(date: string): string {
  const { year, month, day } = parseChinaDate(date);
  return `${year}年${month}月${day}日`;
}

/** 2026年12月1日 10:00 (China time) */
export function writtenDateTime(instant: string): string {
  const time = formatChinaDateTime(instant).slice(11, 16);
  return `${writtenDate(chinaDateOf(instant))} ${time}`;
}

/** 1980.05: how the approval form writes a month (出生年月, 入党时间). */
export function writtenMonth(value: string): string {
  const match = YEAR_MONTH.exec(value);
  if (match) return `${match[1]}.${match[2]}`;
  if (isIsoDate(value)) return `${value.slice(0, 4)}.${value.slice(5, 7)}`;
  return value;
}

/** A date-like string written out; anything else as it is. */
function writtenWhen(value: string): string | undefined {
  if (ISO_INSTANT.test(value)) return writtenDateTime(value);
  if (isIsoDate(value)) return writtenDate(value);
  return undefined;
}

/** Who someone is in a document: the name a case knows for an id, or the id. */
export type NameOf = (id: string) => string;

/** Fields that are plumbing, not content: never written. */
const plumbing = new Set([
  'at',
  'by',
  'requestId',
  'presentMemberIds',
  'recusedMemberIds',
  'reportingLines',
  'unitLeaderIds',
  'directSuperiorId',
  'unitId',
  'facts',
  'params',
  'key',
  'workflowId',
  'schedules',
  'id',
  'policy',
  'rulesEdition',
  'cadreName',
  'occurredAt',
  'recordedAt',
  'imported',
  'firedAtOnce',
  'dueAt',
]);

/** Fields whose values are ids of people in the case. */
const personFields = new Set([
  'nomineeId',
  'candidateId',
  'candidateIds',
  'proposedIds',
  'finalistIds',
  'cadreId',
  'subjectId',
]);

/**
 * One line per field: "字段：值". Nested objects are written inline, arrays joined with "、". A field or a
 * code the tables lack is left out (and noted in `terms.missing`).
 */
export function writtenFields(data: Record<string, unknown>, terms: Terms, nameOf: NameOf): string[] {
  return Object.entries(data).flatMap(([key, value]) => {
    if (plumbing.has(key) || value === undefined || value === null) return [];
    const label = terms.field(key);
    if (label === undefined) return [];
    const written = writtenValue(key, value, terms, nameOf);
    return written === undefined || written === '' ? [] : [`${label}：${written}`];
  });
}

function writtenValue(key: string, value: unknown, terms: Terms, nameOf: NameOf): string | undefined {
  if (personFields.has(key)) {
    const ids = Array.isArray(value) ? value : [value];
    return ids.map((id) => nameOf(String(id))).join('、');
  }
  if (key === 'tallies' && typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, unknown>)
      .map(([id, votes]) => `${nameOf(id)} ${votes}票`)
      .join('，');
  }
  if (key === 'nominators' && Array.isArray(value)) {
    return value.map((n) => (n as { name?: string; id: string }).name ?? (n as { id: string }).id).join('、');
  }
  if (key === 'relatives' && Array.isArray(value)) return value.length ? `${value.length}人` : '无';
  if (key === 'nominee' && isPerson(value)) {
    const post = (value as { currentPost?: unknown }).currentPost;
    return isPost(post) ? `${value.name}（现任${post.unit}${post.title}（${post.rank}））` : value.name;
  }
  if (isPost(value)) return `${value.unit}${value.title}（${value.rank}）`;
  if (isPerson(value)) return value.name;
  return plainValue(value, terms, nameOf);
}

const isPost = (value: unknown): value is { unit: string; title: string; rank: string } =>
  typeof value === 'object' && value !== null && 'unit' in value && 'title' in value && 'rank' in value;

const isPerson = (value: unknown): value is { id: string; name: string } =>
  typeof value === 'object' && value !== null && 'name' in value && 'id' in value;

function plainValue(value: unknown, terms: Terms, nameOf: NameOf): string | undefined {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'string') return writtenString(value, terms);
  if (Array.isArray(value)) {
    const items = value.map((item) => plainValue(item, terms, nameOf)).filter((item) => item);
    return items.length ? items.join('、') : '无';
  }
  if (typeof value === 'object' && value !== null) {
    const inner = writtenFields(value as Record<string, unknown>, terms, nameOf);
    return inner.length ? `（${inner.join('；')}）` : undefined;
  }
  return undefined;
}

/** A code (lower_snake, as the service keeps values) through the value table; free text as written. */
function writtenString(value: string, terms: Terms): string | undefined {
  const when = writtenWhen(value);
  if (when) return when;
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(value) && /[_a-z]/.test(value)) {
    // Free text in Latin letters is rare in a Chinese case; a lone lower-case word is most likely a code.
    return terms.value(value);
  }
  return value;
}
