import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEffectActivities } from '../../activities/effects';
import { notificationText, notificationTitles } from '../../domain/notification-text';
import { filePorts } from '../support/case-driver';

/**
 * Notifications say in Chinese what happened and go to an office by its name or to the person by name
 * (issue 15: "not `review_opened` to a role").
 */
const machineSources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? machineSources(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Every kind a machine can name: `tell('kind', …)`, `ending('kind', …)` and `notify` params' `kind: '…'`. */
function kindsTheMachinesName(): string[] {
  const kinds = new Set<string>();
  for (const file of machineSources(join(__dirname, '../../machines'))) {
    const source = readFileSync(file, 'utf8');
    for (const [, kind] of source.matchAll(/(?:tell|ending)\('([a-z_]+)'/g)) kinds.add(kind ?? '');
    for (const [, kind] of source.matchAll(/type: 'notify',[^}]*?kind: '([a-z_]+)'/gs)) kinds.add(kind ?? '');
    for (const [, kind] of source.matchAll(/kind: '([a-z_]+)',\s*to: '/g)) kinds.add(kind ?? '');
  }
  return [...kinds].sort();
}

describe('notifications in Chinese', () => {
  it('every kind a machine names has its words', () => {
    const kinds = kindsTheMachinesName();
    expect(kinds.length).toBeGreaterThan(20);
    expect(kinds.filter((kind) => !(kind in notificationTitles))).toEqual([]);
  });

  it('addresses an office by its name, and the person by name', () => {
    const base = { track: 'probation', department: 'district-finance', caseId: 'p-1' };
    expect(notificationText({ ...base, kind: 'review_opened', to: 'organization_department' })).toEqual({
      addressee: '组织部干部监督科',
      subject: '【试用期满，请组织考核】试用期案件 district-finance/p-1',
    });
    expect(notificationText({ ...base, kind: 'confirmed', to: 'department' }).addressee).toBe(
      'district-finance 人事部门',
    );
    expect(
      notificationText({
        ...base,
        track: 'promotion',
        kind: 'evaluation_feedback',
        to: 'candidate',
        cadreName: '甲',
      }),
    ).toEqual({
      addressee: '甲同志',
      subject: '甲同志：民主测评结果反馈（提拔任职案件 district-finance/p-1）',
    });
  });

  it('the notify activity puts the addressee and the Chinese subject in the outbox', async () => {
    const ports = filePorts();
    const effects = createEffectActivities(ports);
    await effects.notify({
      case: {
        workflowId: 'district-finance/p-1',
        track: 'probation',
        department: 'district-finance',
        caseId: 'p-1',
      },
      params: { kind: 'review_overdue', to: 'operators' },
    });
    expect(ports.notifications()).toEqual([
      expect.objectContaining({
        kind: 'review_overdue',
        to: 'operators',
        addressee: '系统值班人员',
        subject: '【试用期考核逾期】试用期案件 district-finance/p-1',
      }),
    ]);
  });
});
