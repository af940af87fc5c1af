import type { CaseView, RecordEntry } from '../../domain/case-view';
import { chinaDateOf } from '../../domain/dates';
import { passingProbationReview, probationStart, uniqueCaseId } from '../support/cases';
import { promotionInput } from '../support/promotion-driver';
import {
  counts,
  datedOn,
  e,
  evaluate,
  eventsToTheChoice,
  inspected,
  readyForVote,
  votes,
} from '../support/promotion-fixtures';
import { demotion, demotionPosts, demotionStart, rotation, rotationStart } from '../support/track-fixtures';
import { type Answer, archivedRecord, outbox, type Rig, registryWrites } from './harness';

/**
 * Cases of every track driven through the API as a department system would drive them, each keeping
 * what it expects to find afterwards: every event it sent applied once, in order, as a legal path; every
 * timer it let run out fired once, not before its deadline; every case it opened by itself (a child)
 * there once; each side effect its record names done once, and none that it does not name.
 */

/** What the suite watches as cases move, so that kills can be aimed (see crash.test.ts). */
export interface Watch {
  /** An event is on its way (an Update in flight). */
  sending(workflowId: string, type: string): () => void;
  /** An event was applied: its effects (activities, a child case's start) run now. */
  applied(workflowId: string, type: string): void;
  /** A fast-forward is on its way: the case's timer fires under it. */
  forwarding(workflowId: string): () => void;
}
const unwatched: Watch = {
  sending: () => () => undefined,
  applied: () => undefined,
  forwarding: () => () => undefined,
};

const HOUR = 3_600_000;

export class DrivenCase {
  readonly workflowId: string;
  /** Event types of the record's transitions, in order: the events sent and the timers that fired. */
  readonly transitions: string[] = [];
  readonly requestIds: string[] = [];
  /** Each timer let run out: its event and the deadline the case announced for it beforehand. */
  readonly timers: { event: string; deadline: string }[] = [];
  readonly children: DrivenCase[] = [];
  private sent = 0;

  constructor(
    readonly rig: Rig,
    readonly track: string,
    readonly department: string,
    readonly caseId: string,
    readonly watch: Watch = unwatched,
  ) {
    this.workflowId = `${department}/${caseId}`;
  }

  get path() {
    return `/v1/cases/${this.department}/${this.caseId}`;
  }
  /**
   * The case's own time, as far as the test knows it: the latest time the case stamped on its record.
   * Never in the case's future, and never before what it last did (dates it is told must lie between).
   */
  private lastAt = new Date(0).toISOString();
  private saw(at: string | undefined) {
    if (at && at > this.lastAt) this.lastAt = at;
  }
  caseNow(): string {
    return this.lastAt;
  }
  caseDay(): string {
    return chinaDateOf(this.lastAt);
  }

  async start(body: object): Promise<Answer> {
    const done = this.watch.sending(this.workflowId, 'start');
    const answer = await this.rig.deliver('/v1/cases', {
      event: { track: this.track, ...body },
      token: this.rig.tokens.org,
      requestId: `${this.caseId}-start`.replace(/[^\w=-]/g, '_'),
    });
    done();
    if (![200, 201].includes(answer.status))
      throw new Error(`start ${this.workflowId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.saw((answer.body as CaseView).record?.at(-1)?.at);
    this.watch.applied(this.workflowId, 'start');
    return answer;
  }

  async send(event: Record<string, unknown>): Promise<Answer> {
    // A request id keeps to the letters, digits, "_", "-" and "=" the API takes (a child's id has a ".").
    const s = this.rig.step(`${this.caseId}-${++this.sent}`.replace(/[^\w=-]/g, '_'), event);
    const type = String(event.type);
    const done = this.watch.sending(this.workflowId, type);
    const answer = await this.rig.deliver(`${this.path}/events`, s);
    done();
    if (answer.status !== 200)
      throw new Error(
        `${s.requestId} ${type}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 600)}`,
      );
    this.transitions.push(type);
    this.requestIds.push(s.requestId);
    this.saw((answer.body.applied as RecordEntry[] | undefined)?.at(-1)?.at);
    this.watch.applied(this.workflowId, type);
    return answer;
  }

  async read(starting = false): Promise<CaseView> {
    const view = await this.rig.read(this.department, this.caseId, starting);
    this.saw(view.record.at(-1)?.at);
    return view;
  }

  async until(what: string, done: (view: CaseView) => boolean, starting = false): Promise<CaseView> {
    for (let attempt = 0; attempt < 2_400; attempt++) {
      const view = await this.read(starting);
      if (done(view)) return view;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.workflowId} never reached: ${what}`);
  }

  /**
   * Lets the case's `timer` run out on its own clock: to an hour before its deadline (it must not have
   * fired), then two hours on (it must have, once). The deadline is the one the case announced.
   */
  async passTimer(timer: string): Promise<CaseView> {
    const before = await this.until(`${timer} armed`, (view) =>
      view.deadlines.some((d) => d.timer === timer),
    );
    const deadline = before.deadlines.find((d) => d.timer === timer) as CaseView['deadlines'][number];
    const wait = Date.parse(deadline.at) - (await this.rig.caseTime(this.workflowId)) - HOUR;
    if (wait > 0) {
      await this.forward(wait);
      const early = await this.read();
      if (early.record.some((r) => r.type === deadline.event) || early.state !== before.state)
        throw new Error(`${this.workflowId}: ${deadline.event} fired before its deadline ${deadline.at}`);
    }
    await this.forward(2 * HOUR);
    this.timers.push({ event: deadline.event, deadline: deadline.at });
    this.transitions.push(deadline.event);
    return this.until(`${deadline.event} fired`, (view) =>
      view.record.some((r) => r.type === deadline.event),
    );
  }

  private async forward(ms: number) {
    const done = this.watch.forwarding(this.workflowId);
    try {
      await this.rig.fastForward(this.workflowId, ms);
    } finally {
      done();
    }
  }
}

// ---- one script per track: where each case goes ----

async function driveRotation(c: DrivenCase) {
  await c.start(rotationStart({ caseId: c.caseId }));
  for (const event of [rotation.propose(), rotation.consulted, rotation.passes, rotation.talk(c.caseDay())])
    await c.send(event);
}

async function driveDemotion(c: DrivenCase) {
  await c.start(demotionStart({ caseId: c.caseId }));
  for (const event of [
    demotion.verified,
    demotion.talk(),
    demotion.propose('demotion', { newPost: demotionPosts.lower }),
    demotion.passes,
  ])
    await c.send(event);
  // Rules edition 4: the 降职 stays open for 复核 and 申诉 (公务员法 art. 95); nobody applies, the period ends.
  await c.passTimer('recoursePeriod');
}

/** A probation: its year runs out on its own timer, the review opens, and it passes. */
export async function driveProbation(c: DrivenCase, start?: object) {
  if (start) await c.start(start);
  await c.passTimer('probationExpiry');
  await c.send({ type: 'REVIEW_PASSED', ...passingProbationReview });
}

/** A promotion to its pre-appointment publicity, window open: the inspection notice ran out on its timer. */
export async function promotionIntoPublicity(c: DrivenCase) {
  await c.start(promotionInput({ caseId: c.caseId }));
  const today = c.caseDay();
  for (const event of eventsToTheChoice(today)) await c.send(event);
  // Published as the candidates are chosen (never before the choice, never in the case's future).
  await c.send({ ...e.notice, publishedAt: c.caseNow() });
  await c.passTimer('inspectionNotice');
  const day = c.caseDay();
  for (const event of [
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
    e.conclude('A'),
    e.consulted,
    ...readyForVote('A').map((event) => datedOn(day, event)),
    votes.passes,
  ])
    await c.send(event);
  await c.send({ ...e.publicity, publishedAt: c.caseNow() });
}

/**
 * A promotion from its publicity window to the appointment on probation: the window runs out on its
 * timer, the appointment and its talk; the promotion closes and opens the probation case (a child), whose
 * year runs out on its own timer and whose review passes.
 */
export async function promotionFromPublicity(c: DrivenCase) {
  await c.passTimer('publicityWindow');
  const day = c.caseDay();
  await c.send({ ...e.appoint, noticeDate: day });
  await c.send(datedOn(day, e.talk));
  const child = new DrivenCase(c.rig, 'probation', c.department, `${c.caseId}.probation`, c.watch);
  c.children.push(child);
  // The child starts itself (its first record entry is its start, by the parent): nothing to send.
  await child.until('started by its parent', (view) => view.state === 'serving', true);
  await driveProbation(child);
}

async function drivePromotion(c: DrivenCase) {
  await promotionIntoPublicity(c);
  await promotionFromPublicity(c);
}

export const scripts = {
  promotion: drivePromotion,
  rotation: driveRotation,
  demotion: driveDemotion,
  probation: (c: DrivenCase) => driveProbation(c, probationStart({ caseId: c.caseId })),
} as const;
export type ScriptedTrack = keyof typeof scripts;

export const departmentOf: Record<ScriptedTrack, string> = {
  promotion: promotionInput().department,
  rotation: rotationStart().department,
  demotion: demotionStart().department,
  probation: probationStart().department,
};

export const newCase = (rig: Rig, track: ScriptedTrack, i: number, watch?: Watch) =>
  new DrivenCase(rig, track, departmentOf[track], uniqueCaseId(`${track.slice(0, 4)}${i}`), watch);

// ---- afterwards: what every case must show ----

export interface Tally {
  cases: number;
  transitionsChecked: number;
  timersChecked: number;
  sideEffectsChecked: number;
  lost: number;
  duplicates: number;
  problems: string[];
}
export const newTally = (): Tally => ({
  cases: 0,
  transitionsChecked: 0,
  timersChecked: 0,
  sideEffectsChecked: 0,
  lost: 0,
  duplicates: 0,
  problems: [],
});

const REGISTRY_EFFECTS = new Set([
  'beginTrialPost',
  'restorePreProbationPost',
  'confirmInPost',
  'appointToPost',
  'transferPost',
  'applyPersonnelChange',
]);
/** How long after its deadline a timer may be seen to fire: the fast-forward's hour past it, and a restart. */
const TIMER_SLACK_MS = HOUR + 15 * 60_000;

/**
 * Checks one closed case (and its children) against what was sent, the data folder against its record.
 * Every finding goes into the tally; the test asserts the tally is clean.
 */
export async function check(c: DrivenCase, tally: Tally, expectedState: string): Promise<void> {
  const view = await c.until(
    'closed and archived',
    (v) => v.status === 'closed' && v.archivedTo !== undefined,
  );
  // The workflow completes right after archiving; its last effects (the archive) must be done.
  tally.cases++;
  const problem = (what: string) => tally.problems.push(`${c.workflowId}: ${what}`);
  if (view.state !== expectedState) problem(`ended in ${view.state}, expected ${expectedState}`);

  // Each event sent: in the record once, by its request id.
  for (const id of c.requestIds) {
    const applied = view.record.filter((r) => r.requestId === id && r.kind !== 'effect').length;
    tally.transitionsChecked++;
    if (applied === 0) {
      tally.lost++;
      problem(`${id} lost`);
    }
    if (applied > 1) {
      tally.duplicates += applied - 1;
      problem(`${id} applied ${applied} times`);
    }
  }
  // The transitions form one legal path: each starts where the one before ended, in the order sent.
  const transitions = view.record.filter((r) => r.kind === 'transition');
  if (transitions.map((r) => r.type).join() !== c.transitions.join())
    problem(`transitions ${transitions.map((r) => r.type).join()} ≠ sent ${c.transitions.join()}`);
  for (let i = 1; i < transitions.length; i++) {
    const [prev, next] = [transitions[i - 1] as RecordEntry, transitions[i] as RecordEntry];
    if (prev.to !== undefined && next.from !== undefined && prev.to.split('.')[0] !== next.from.split('.')[0])
      problem(`${next.type} from ${next.from}, but the case stood in ${prev.to}`);
  }
  // Each timer: fired once, not before the deadline the case announced, and not long after.
  for (const t of c.timers) {
    const fired = view.record.filter((r) => r.type === t.event);
    tally.timersChecked++;
    if (fired.length !== 1) {
      if (fired.length === 0) tally.lost++;
      else tally.duplicates += fired.length - 1;
      problem(`${t.event} fired ${fired.length} times`);
    }
    const at = Date.parse(fired[0]?.at ?? '');
    if (!(at >= Date.parse(t.deadline) && at <= Date.parse(t.deadline) + TIMER_SLACK_MS))
      problem(`${t.event} fired at ${fired[0]?.at}, its deadline ${t.deadline}`);
  }

  // Side effects, from the data folder: each registry effect of the record written once, no other write
  // for this case; each notification of the record in the outbox once; the record archived as it closed.
  const effects = view.record.filter((r) => r.kind === 'effect');
  const writes = registryWrites(c.rig.dataDir).filter((w) => w.basis.workflowId === c.workflowId);
  for (const effect of effects.filter((r) => REGISTRY_EFFECTS.has(r.type))) {
    const made = writes.filter((w) => w.basis.step === effect.type).length;
    tally.sideEffectsChecked++;
    if (made !== 1) {
      if (made === 0) tally.lost++;
      else tally.duplicates += made - 1;
      problem(`registry holds ${made} writes for ${effect.type}`);
    }
  }
  const named = new Set(effects.map((r) => r.type));
  for (const w of writes)
    if (!named.has(w.basis.step.split(':')[0] as string))
      problem(`registry write ${w.basis.step} the record does not name`);
  const notices = outbox(c.rig.dataDir).filter((n) => n.workflowId === c.workflowId);
  const notifyEffects = effects.filter((r) => r.type === 'notify');
  tally.sideEffectsChecked += notifyEffects.length;
  if (new Set(notices.map((n) => n.key)).size !== notices.length) {
    tally.duplicates += notices.length - new Set(notices.map((n) => n.key)).size;
    problem('a notification key twice in the outbox');
  }
  if (notices.length !== notifyEffects.length) {
    if (notices.length > notifyEffects.length) tally.duplicates += notices.length - notifyEffects.length;
    else tally.lost += notifyEffects.length - notices.length;
    problem(`${notices.length} notifications in the outbox, ${notifyEffects.length} in the record`);
  }
  const archived = archivedRecord(c.rig.dataDir, c.department, c.caseId);
  tally.sideEffectsChecked++;
  if (!archived) {
    tally.lost++;
    problem('record not archived');
  } else if (archived.record.length !== view.record.length || archived.state !== view.state) {
    problem(`archived record (${archived.record.length} entries, ${archived.state}) ≠ the case's`);
  }

  // Cases it opened: each exactly once in Temporal, each checked the same way.
  for (const child of c.children) {
    const { count } = await c.rig.client.workflow.count(`WorkflowId = '${child.workflowId}'`);
    if (count > 1) {
      tally.duplicates += count - 1;
      problem(`child ${child.workflowId} started ${count} times`);
    }
    await check(child, tally, 'confirmed');
  }
}
