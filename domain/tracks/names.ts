import type { Track } from '../case';
import type { Label } from '../label';

/**
 * What each track is called and which workflow type runs it: the cheap part of the catalogue (no
 * schemas), which a workflow can import without building every track's vocabulary.
 */
export const trackNames = {
  promotion: { label: { zh: '提拔任职', en: 'Promotion' }, workflowType: 'promotionCase' },
  rotation: { label: { zh: '交流轮岗', en: 'Rotation' }, workflowType: 'rotationCase' },
  demotion: { label: { zh: '降职、免职', en: 'Demotion and exit' }, workflowType: 'demotionCase' },
  probation: { label: { zh: '试用期', en: 'Probation' }, workflowType: 'probationCase' },
} as const satisfies Record<Track, { label: Label; workflowType: string }>;

export type WorkflowType = (typeof trackNames)[Track]['workflowType'];

/** "提拔任职 Promotion · …": how the UI's summaries and notices begin. */
export const trackTitle = (track: Track) => `${trackNames[track].label.zh} ${trackNames[track].label.en}`;
