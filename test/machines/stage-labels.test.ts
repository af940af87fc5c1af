import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import type { Label } from '../../domain/label';
import { stageLabels } from '../../domain/tracks/stage-labels';
import { machinesByTrack } from '../../machines/index';
import type { StateMeta } from '../../machines/meta';

/**
 * The API names a closed case's stage from domain/tracks/stage-labels.ts when only Temporal's description
 * of the case is at hand: that table must say what the machines say, for every state a case can stand
 * in (every leaf, by its dotted id, under the deepest label that applies to it, as the case's view does).
 */
function leafLabels(
  node: AnyStateNode,
  path: string[] = [],
  inherited?: Label,
): [string, Label | undefined][] {
  const label = (node.meta as StateMeta | undefined)?.label ?? inherited;
  const children = Object.values(node.states);
  if (children.length === 0) return [[path.join('.'), label]];
  return children.flatMap((child) => leafLabels(child, [...path, child.key], label));
}

describe('stage labels for the API', () => {
  for (const [track, machine] of Object.entries(machinesByTrack)) {
    it(`${track}: every state a case can stand in has the machine's label, and no other stage is listed`, () => {
      const fromMachine = Object.fromEntries(leafLabels(machine.root));
      expect(stageLabels[track as keyof typeof stageLabels]).toEqual(fromMachine);
    });
  }
});
