// Every track's machine, by track. Diagrams (docs/machines/) and generated tests walk this list.
import { demotionMachine } from './demotion';
import { probationMachine } from './probation';
import { promotionMachine } from './promotion';
import { rotationMachine } from './rotation';

export const machinesByTrack = {
  promotion: promotionMachine,
  rotation: rotationMachine,
  demotion: demotionMachine,
  probation: probationMachine,
} as const;
