// Every track's machine, by track. Diagrams (docs/machines/) and generated tests walk this list.
import { probationMachine } from './probation';

export const machinesByTrack = {
  probation: probationMachine,
} as const;
