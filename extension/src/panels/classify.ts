import { classifySeries, seriesInfoOf } from '../dicom/classify';
import type { SequenceClass } from '../dicom/classify';
import type { Classification, Sequence } from './model';
import type { DisplaySetLike } from './studyData';

/** The DICOM layer's series matcher, seen from the panel and the hanging protocol. */
export interface StudyClassification {
  /** The series chosen for each sequence the study has. */
  assignments: Partial<Record<Sequence, string>>;
  perSeries: Record<string, Classification>;
}

export type ClassifyStudy = (displaySets: readonly DisplaySetLike[]) => StudyClassification;

const SEQUENCE_OF_CLASS: Record<SequenceClass, Sequence> = { T1: 'T1', T2: 'T2', 'CE-T1': 'T1C' };

/** Classifies the study's MR series together: acquisition order tells a post-contrast T1 from a plain one. */
export function classifyStudy(displaySets: readonly DisplaySetLike[]): StudyClassification {
  const mr = displaySets.filter((ds) => ds.Modality === 'MR' && (ds.instance ?? ds.instances?.[0]));
  const matching = classifySeries(mr.map((ds) => ({ ...seriesInfoOf((ds.instance ?? ds.instances![0])!), seriesInstanceUID: ds.SeriesInstanceUID })));
  const assignments: Partial<Record<Sequence, string>> = {};
  for (const [cls, uid] of Object.entries(matching.assignments) as [SequenceClass, string][]) assignments[SEQUENCE_OF_CLASS[cls]] = uid;
  const perSeries: Record<string, Classification> = {};
  for (const [uid, c] of Object.entries(matching.perSeries)) {
    perSeries[uid] = { sequence: c.class === 'other' ? null : SEQUENCE_OF_CLASS[c.class], confidence: c.confidence, reasons: c.reasons };
  }
  return { assignments, perSeries };
}
