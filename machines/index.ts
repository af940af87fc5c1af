// Every track's machine, by track (checked against Track). Diagrams (docs/machines/) and generated tests
// walk this list; the workflows find a track's machine through their own registry, workflows/tracks.ts.
import type { AnyStateMachine } from 'xstate';
import type { Track } from '../domain/case';
import { demotionMachine } from './demotion';
import { probationMachine } from './probation';
import { promotionMachine } from './promotion';
import { rotationMachine } from './rotation';

export const machinesByTrack = {
  promotion: promotionMachine,
  rotation: rotationMachine,
  demotion: demotionMachine,
  probation: probationMachine,
} as const satisfies Record<Track, AnyStateMachine>;
