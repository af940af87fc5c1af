import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
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

describe('replaying committed histories', () => {
  it('has a committed history for every scenario', () => {
    expect(files).toEqual(historyScenarios.map((s) => `${s.name}.json`).sort());
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const result = await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    expect(result).toBeUndefined();
  });
});
