import { HANGING_PROTOCOL_ID, SEQUENCE_ATTRIBUTE, roiAttribute } from '../id';
import { SEQUENCES, SEQUENCE_LABEL } from '../panels/model';
import type { Sequence } from '../panels/model';

/**
 * T1, T2 and CE-T1 side by side, each chosen by the series classifier (the `prnnSequence` custom attribute the
 * extension registers with the hanging protocol service), with the SEG or RTSTRUCT holding the ROI the panel
 * proposes for it laid over it by OHIF's own segmentation display (`prnnRoiT1`, ...). A study lacking one of them still opens: that
 * viewport stays empty and the panel says what is missing.
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

function sequenceViewport(sequence: Sequence) {
  return {
    viewportOptions: {
      viewportId: `prnn-${sequence}`,
      viewportType: 'stack',
      toolGroupId: 'default',
      allowUnmatchedView: true,
    },
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
    viewportOptions: { viewportType: 'stack', toolGroupId: 'default', allowUnmatchedView: true },
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
