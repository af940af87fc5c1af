import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { PATCHES } from '../../workflows/case-workflow';
import { workflowBundle } from '../support/temporal';
import { historyScenarios } from './scenarios';

/**
 * Histories recorded from real runs (scripts/record-histories.ts) must replay on today's code with no
 * non-determinism: a year-long case started on an older version keeps running after a release.
 */
const dir = join(__dirname, '../fixtures/histories');
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort();

/** The patch ids a history's markers record. */
function patchesIn(history: {
  events: {
    markerRecordedEventAttributes?: {
      markerName: string;
      details: Record<string, { payloads: { data: string }[] }>;
    };
  }[];
}): string[] {
  return history.events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    return Object.values(marker.details).flatMap((detail) =>
      detail.payloads.map(
        (payload) => (JSON.parse(Buffer.from(payload.data, 'base64').toString()) as { id: string }).id,
      ),
    );
  });
}

describe('replaying committed histories', () => {
  it('has a committed history for every scenario', () => {
    expect(files).toEqual(historyScenarios.map((s) => `${s.name}.json`).sort());
  });

  it('a change under a patch replays histories from before it (archive-record-on-close)', async () => {
    const markers = (file: string) =>
      patchesIn(JSON.parse(readFileSync(join(dir, file), 'utf8'))).includes(PATCHES.archiveRecordOnClose);
    const before = files.filter((file) => !markers(file));
    const after = files.filter(markers);
    // Recorded before the patch (no archive activity in them) and after it: both kinds must replay.
    expect(before).toContain('probation-ended-early.json');
    expect(after).toContain('probation-ended-early-archived.json');
    for (const file of [...before, ...after]) {
      const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    }
  }, 180_000); // every history in turn: 13 of them since the edition-2 recordings

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const result = await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    expect(result).toBeUndefined();
  });
});
