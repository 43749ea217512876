import { HANGING_PROTOCOL_ID, SEQUENCE_ATTRIBUTE, roiAttribute } from '../id';
import { classifyStudy } from '../panels/classify';
import { SEQUENCES, SEQUENCE_LABEL, automaticSelection } from '../panels/model';
import type { Sequence } from '../panels/model';
import { roiOptions, seriesOptions } from '../panels/studyData';
import type { DisplaySetLike } from '../panels/studyData';
import type { DisplaySetService, HangingProtocolService } from '../services/host';
import { planViewports, viewportIdOf, type ViewportPlan } from './viewportPlan';

/**
 * T1, T2 and CE-T1 side by side, each chosen by the series classifier (the `prnnSequence` custom attribute), with
 * the SEG or RTSTRUCT holding the ROI the panel proposes for it laid over it by OHIF's own segmentation display
 * (`prnnRoiT1`, ...) when that ROI was drawn on that series (viewportPlan.ts says why only then). Each opens on its
 * middle slice (OHIF's `initialImageOptions`); roiNavigation.ts then moves it to the ROI's centre. A study lacking
 * one of them still opens: that viewport stays empty and the panel says what is missing.
 */
function selectorId(sequence: Sequence): string {
  return `prnn${sequence}`;
}

function roiSelectorId(sequence: Sequence): string {
  return `prnnRoi${sequence}`;
}

function roiSelector(sequence: Sequence) {
  return {
    seriesMatchingRules: [{ attribute: roiAttribute(sequence), constraint: { equals: { value: true } }, required: true }],
  };
}

function sequenceSelector(sequence: Sequence) {
  return {
    seriesMatchingRules: [
      { attribute: 'Modality', constraint: { equals: { value: 'MR' } }, required: true },
      { attribute: SEQUENCE_ATTRIBUTE, constraint: { equals: { value: sequence } }, required: true, weight: 10 },
      // Among equally classified series, prefer one that can be shown as a volume.
      { attribute: 'isReconstructable', constraint: { equals: { value: true } }, weight: 1 },
    ],
  };
}

const VIEWPORT_OPTIONS = { viewportType: 'stack', toolGroupId: 'default', allowUnmatchedView: true, initialImageOptions: { preset: 'middle' } };

function sequenceViewport(sequence: Sequence) {
  return {
    viewportOptions: { ...VIEWPORT_OPTIONS, viewportId: viewportIdOf(sequence) },
    displaySets: [{ id: selectorId(sequence) }, { id: roiSelectorId(sequence) }],
  };
}

export const prnnHangingProtocol = {
  id: HANGING_PROTOCOL_ID,
  name: `PRNN: ${SEQUENCES.map((s) => SEQUENCE_LABEL[s]).join(', ')}`,
  locked: true,
  protocolMatchingRules: [{ attribute: 'ModalitiesInStudy', constraint: { contains: ['MR'] }, required: true }],
  toolGroupIds: ['default'],
  displaySetSelectors: Object.fromEntries(
    SEQUENCES.flatMap((s) => [
      [selectorId(s), sequenceSelector(s)],
      [roiSelectorId(s), roiSelector(s)],
    ]),
  ),
  defaultViewport: {
    viewportOptions: VIEWPORT_OPTIONS,
    displaySets: [{ id: selectorId('T1'), matchedDisplaySetsIndex: -1 }],
  },
  stages: [
    {
      name: 'T1 | T2 | CE-T1',
      viewportStructure: { layoutType: 'grid', properties: { rows: 1, columns: SEQUENCES.length } },
      viewports: SEQUENCES.map(sequenceViewport),
    },
  ],
};

/** What the panel proposes before the user changes anything, as viewports. */
export function automaticPlan(study: readonly DisplaySetLike[]): ViewportPlan[] {
  const { assignments, perSeries } = classifyStudy(study);
  const series = seriesOptions(study, perSeries);
  const rois = roiOptions(study);
  return planViewports({ series, rois, selection: automaticSelection(series, rois, assignments) }, study);
}

/** The custom attributes the protocol's selectors match on, computed from the display set's whole study. */
export function registerHangingProtocolAttributes(hangingProtocolService: HangingProtocolService, displaySetService: DisplaySetService): void {
  const planOf = (displaySet: DisplaySetLike) =>
    automaticPlan(displaySetService.getActiveDisplaySets().filter((ds) => ds.StudyInstanceUID === displaySet.StudyInstanceUID));
  hangingProtocolService.addCustomAttribute(SEQUENCE_ATTRIBUTE, 'The PRNN sequence (T1, T2 or T1C) this series was chosen for', (displaySet) =>
    planOf(displaySet).find((plan) => plan.series?.displaySetInstanceUID === displaySet.displaySetInstanceUID)?.sequence,
  );
  for (const sequence of SEQUENCES) {
    hangingProtocolService.addCustomAttribute(roiAttribute(sequence), `Holds the ROI PRNN proposes for ${sequence}, drawn on its series`, (displaySet) => {
      const plan = planOf(displaySet).find((p) => p.sequence === sequence);
      return plan?.displaySetInstanceUIDs[1] === displaySet.displaySetInstanceUID;
    });
  }
}
