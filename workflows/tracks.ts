import type { Track } from '../domain/case';
import { oncePerWorker } from './once-per-worker';
import type * as Demotion from './tracks/demotion';
import type * as Probation from './tracks/probation';
import type * as Promotion from './tracks/promotion';
import type * as Rotation from './tracks/rotation';
import type { AnyTrackSpec } from './tracks/spec';

/**
 * How each track runs, one entry per track, checked by the compiler against `Track`: its spec (machine,
 * vocabulary, subject line, parties). The workflow functions of workflows/index.ts are derived from it.
 *
 * Each spec is required on first use, not imported: the SDK evaluates the bundle's modules afresh for
 * every new or evicted workflow, so a probation case should not pay for building the promotion machine
 * and its schemas (`npm run bench` measured the whole bundle at ~35 ms per case). Once built, a track's spec
 * is the worker's (workflows/once-per-worker.ts): the next case of the track builds nothing.
 */
export const trackSpecs = {
  promotion: () =>
    oncePerWorker(
      'track:promotion',
      () => (require('./tracks/promotion') as typeof Promotion).promotionTrack,
    ),
  rotation: () =>
    oncePerWorker('track:rotation', () => (require('./tracks/rotation') as typeof Rotation).rotationTrack),
  demotion: () =>
    oncePerWorker('track:demotion', () => (require('./tracks/demotion') as typeof Demotion).demotionTrack),
  probation: () =>
    oncePerWorker(
      'track:probation',
      () => (require('./tracks/probation') as typeof Probation).probationTrack,
    ),
} satisfies Record<Track, () => AnyTrackSpec>;
