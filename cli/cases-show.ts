import type { CaseView } from '../domain/case-view';
import { isIsoDate } from '../domain/dates';
import { caseFlags, deadlineName, stageLabel } from './clerk-words';
import { type Connection, clientFor, parseCaseRef } from './connection';
import { run } from './errors';
import { bilingual, chinaTime, json, table } from './format';
import type { Output } from './output';

export interface CasesShowOptions extends Connection {
  /** "<department>/<caseId>" */
  ref: string;
  json?: boolean;
}

const roleNames: Record<string, string> = {
  organization_department: 'organization department',
  department: 'department',
  committee: 'committee',
  system: 'timer',
};

const actorText = (actor: CaseView['record'][number]['actor']) =>
  `${actor.name ? `${actor.name} ` : ''}(${actor.id}, ${roleNames[actor.role] ?? actor.role})`;

/** The cadre, for the header, when the track's context names one (every track so far does). */
function cadreText(context: CaseView['context']): string | undefined {
  const cadre = context.cadre as { id?: unknown; name?: unknown } | undefined;
  if (typeof cadre?.name !== 'string') return undefined;
  return `${cadre.name} (${String(cadre.id)})`;
}

function renderCase(view: CaseView): string {
  const nominators = Array.isArray(view.context.nominatedBy) ? view.context.nominatedBy.join(', ') : '';
  const header = [
    ['Case', `${view.workflowId} (${view.track})`],
    ['State', `${view.state} · ${bilingual(view.label)}`],
    ['Status', view.outcome ? `${view.status}, outcome ${view.outcome}` : view.status],
    ['Cadre', cadreText(view.context)],
    ['Nominated by', nominators],
    ['Flags 标记', caseFlags(view).join(', ')],
    ['Archived to', view.archivedTo],
    [
      'Legal events',
      view.legalEvents.length ? view.legalEvents.join(', ') : 'none (nothing a caller can send now)',
    ],
  ]
    .filter(([, value]) => value)
    .map(([key, value]) => `${`${key}:`.padEnd(14)}${value}`);
  const timers = view.deadlines.length
    ? table(
        ['deadline 期限', 'fires (China)', 'timer', 'raises', 'what'],
        view.deadlines.map((d) => [deadlineName(d), chinaTime(d.at), d.timer, d.event, bilingual(d.label)]),
      )
    : 'No timers armed.';
  // When a step happened (a date alone when only the date was given) and when the service recorded it.
  const record = table(
    ['seq', 'happened (China)', 'recorded (China)', 'type', 'stage after 之后阶段', 'actor', 'reason'],
    view.record.map((r) => [
      r.seq,
      isIsoDate(r.occurredAt) ? r.occurredAt : chinaTime(r.at),
      chinaTime(r.recordedAt ?? r.at),
      r.imported ? `${r.type} (brought in)` : r.type,
      r.to ? ((view.stageLabels?.[r.to] ?? stageLabel(view.track, r.to))?.zh ?? r.to) : undefined,
      actorText(r.actor),
      r.reason,
    ]),
  );
  return [...header, '', 'Timers', timers, '', 'Record (纪实)', record].join('\n');
}

export function casesShow(options: CasesShowOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const key = parseCaseRef(options.ref);
    const view = await clientFor(options).getCase(key);
    output.out(options.json ? json(view) : renderCase(view));
  });
}
