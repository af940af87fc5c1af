import type { Post } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import type { NameOf } from './written';

/**
 * What the documents read from a case's view: its people, posts and nominators, whatever the track. The
 * view's context is the machine's, typed loosely on purpose (the API never imports machines), so this is
 * the one place that knows where each track keeps them.
 */

export interface Person {
  id: string;
  name: string;
  currentPost?: Post;
  personalFacts?: Record<string, unknown>;
  nominators: string[];
  status?: string;
  qualification?: { failures?: Array<{ messageZh?: string; message?: string }>; exceptional?: boolean };
  evaluation?: { outcome?: { satisfactionPercent?: number; dissatisfactionPercent?: number } };
}

type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;

/** The people a case concerns: a promotion's candidates, or the one cadre of the other tracks. */
export function peopleOf(view: CaseView): Person[] {
  const context = view.context;
  if (Array.isArray(context.candidates)) {
    return (context.candidates as Loose[]).map((candidate) => ({
      id: String(candidate.id),
      name: String(candidate.name),
      currentPost: candidate.currentPost as Post | undefined,
      personalFacts: asObject(candidate.personalFacts),
      nominators: nominatorsOf(candidate),
      status: typeof candidate.status === 'string' ? candidate.status : undefined,
      qualification: asObject(candidate.qualification) as Person['qualification'],
      evaluation: asObject(candidate.evaluation) as Person['evaluation'],
    }));
  }
  const cadre = asObject(context.cadre);
  if (!cadre) return [];
  return [
    {
      id: String(cadre.id),
      name: String(cadre.name),
      currentPost: (context.currentPost ?? context.previousPost) as Post | undefined,
      personalFacts: asObject(cadre.personalFacts),
      nominators: Array.isArray(context.nominatedBy) ? context.nominatedBy.map(String) : [],
    },
  ];
}

function nominatorsOf(candidate: Loose): string[] {
  const nominations = Array.isArray(candidate.nominations) ? (candidate.nominations as Loose[]) : [];
  const names = nominations.flatMap((nomination) =>
    Array.isArray(nomination.nominators)
      ? (nomination.nominators as Loose[]).map((n) => String(n.name ?? n.id))
      : [],
  );
  return [...new Set(names)];
}

/** Names by id, for everyone the record may mention. */
export function nameResolver(view: CaseView): NameOf {
  const names = new Map(peopleOf(view).map((person) => [person.id, person.name]));
  return (id) => names.get(id) ?? id;
}

/** The post the case is about: the promotion's post, the rotation's proposed post, the trial post. */
export function proposedPostOf(view: CaseView): Post | undefined {
  const context = view.context;
  const proposal = asObject(context.proposal);
  return (context.post ?? proposal?.proposedPost ?? context.trialPost) as Post | undefined;
}

/** 区财政局副局长（副处） */
export const writtenPost = (post: Post | undefined): string =>
  post ? `${post.unit}${post.title}（${post.rank}）` : '';

/**
 * The people still in the pool, for the header: once candidates are chosen for inspection, those; before,
 * everyone not out (disqualified, adjusted or admonished, or substantiated by a report).
 */
export function peopleInPlay(view: CaseView): Person[] {
  const people = peopleOf(view);
  const out = new Set(['disqualified', 'adjusted', 'admonished', 'reportSubstantiated']);
  const inspected = people.filter((person) => person.status === 'inspection');
  if (inspected.length) return inspected;
  return people.filter((person) => !person.status || !out.has(person.status));
}

export const contextObject = (view: CaseView, key: string): Loose | undefined => asObject(view.context[key]);
