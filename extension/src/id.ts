/** The extension's id as OHIF registers it; module entries are addressed as `${id}.<moduleType>.<name>`. */
export const id = '@prnn/extension-prnn';

export const PANEL_NAME = 'prnn';
export const PANEL_ID = `${id}.panelModule.${PANEL_NAME}`;
export const HANGING_PROTOCOL_ID = 'prnn';
/** Series-level custom attribute the hanging protocol matches on: 'T1' | 'T2' | 'T1C' | undefined. */
export const SEQUENCE_ATTRIBUTE = 'prnnSequence';
/** SEG / RTSTRUCT custom attribute: true when it holds the ROI the panel proposes for that sequence. */
export function roiAttribute(sequence: 'T1' | 'T2' | 'T1C'): string {
  return `prnnRoi${sequence}`;
}
