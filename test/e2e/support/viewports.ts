import type { Page } from 'playwright-core';
import { SAMPLE_STUDIES } from '../../../servers/samples/generate';
import { SAMPLE_GRID, positionOf } from '../../../servers/samples/phantom';

/**
 * What the PRNN viewports show, read from the host's own cornerstone (window.cornerstone) and OHIF services
 * (window.services), and what they should show, derived from the sample generator alone.
 */

/** The z (patient mm) of the sample grid's slice nearest the generator's tumour centre: where the viewports must open. */
export function tumourCentreSliceZ(patientId: string): number {
  const sample = SAMPLE_STUDIES.find((s) => s.study.patientId === patientId);
  if (!sample) throw new Error(`no sample study with PatientID ${patientId}`);
  const slice = Math.round((sample.tumour.centre[2] - SAMPLE_GRID.origin[2]) / SAMPLE_GRID.sliceThicknessMm);
  return positionOf(SAMPLE_GRID, 0, 0, slice)[2];
}

export interface ViewportState {
  viewportId: string;
  seriesDescription: string;
  /** Index of the shown image in the viewport's stack, and the stack's length. */
  imageIndex: number;
  imageCount: number;
  /** z of the shown image's ImagePositionPatient. */
  z: number;
  /** OHIF segmentation representations on the viewport: 'Labelmap' (SEG) or 'Contour' (RTSTRUCT), with the segmentation's label. */
  segmentations: string[];
  /** Fraction of the viewport's canvas pixels that are strongly coloured (a grey MR image has none). */
  colouredCanvas: number;
  /** Contour lines drawn in the viewport's SVG annotation layer. */
  svgContours: number;
}

export async function viewportStates(page: Page): Promise<ViewportState[]> {
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    type Viewport = { id: string; element: HTMLElement; canvas?: HTMLCanvasElement; getImageIds?(): string[]; getCurrentImageIdIndex?(): number; getCurrentImageId?(): string };
    const host = window as unknown as {
      cornerstone: { getRenderingEngines(): { getViewports(): Viewport[] }[]; metaData: { get(type: string, imageId: string): Record<string, unknown> | undefined } };
      services: {
        segmentationService: {
          getSegmentationRepresentations(viewportId: string): { segmentationId: string; type: string }[];
          getSegmentation(id: string): { label?: string } | undefined;
        };
      };
    };
    return host.cornerstone.getRenderingEngines().flatMap((engine) =>
      engine.getViewports().map((viewport) => {
        const imageId = viewport.getCurrentImageId?.();
        const series = imageId ? host.cornerstone.metaData.get('generalSeriesModule', imageId) : undefined;
        const plane = imageId ? host.cornerstone.metaData.get('imagePlaneModule', imageId) : undefined;
        const { segmentationService } = host.services;
        // Inline, not a helper function: page.evaluate sends this function's source alone.
        const canvas = viewport.element.querySelector('canvas');
        let coloured = 0;
        let pixels = 0;
        if (canvas && canvas.width > 0) {
          const copy = document.createElement('canvas');
          copy.width = canvas.width;
          copy.height = canvas.height;
          const context = copy.getContext('2d')!;
          context.drawImage(canvas, 0, 0);
          const { data } = context.getImageData(0, 0, copy.width, copy.height);
          pixels = data.length / 4;
          for (let i = 0; i < data.length; i += 4) if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) coloured++;
        }
        return {
          viewportId: viewport.id,
          seriesDescription: String(series?.seriesDescription ?? ''),
          imageIndex: viewport.getCurrentImageIdIndex?.() ?? -1,
          imageCount: viewport.getImageIds?.().length ?? 0,
          z: Number((plane?.imagePositionPatient as number[] | undefined)?.[2]),
          segmentations: segmentationService
            .getSegmentationRepresentations(viewport.id)
            .map((r) => `${r.type}: ${segmentationService.getSegmentation(r.segmentationId)?.label ?? r.segmentationId}`),
          colouredCanvas: pixels ? coloured / pixels : 0,
          svgContours: viewport.element.querySelectorAll('svg path, svg polyline').length,
        };
      }),
    );
  });
}

/**
 * Polls until every listed viewport satisfies `ready` (the SEG loads and the move to the ROI centre happen after
 * the first image is shown); returns the states, or throws with the last states seen.
 */
export async function waitForViewports(
  page: Page,
  viewportIds: string[],
  ready: (state: ViewportState) => boolean,
  timeoutMs: number,
): Promise<Record<string, ViewportState>> {
  const deadline = Date.now() + timeoutMs;
  let last: ViewportState[] = [];
  while (Date.now() < deadline) {
    last = await viewportStates(page);
    const byId = Object.fromEntries(last.map((state) => [state.viewportId, state]));
    if (viewportIds.every((id) => byId[id] && ready(byId[id]))) return byId;
    await page.waitForTimeout(500);
  }
  throw new Error(`viewports ${viewportIds.join(', ')} not ready within ${timeoutMs / 1000} s; last seen:\n${JSON.stringify(last, null, 1)}`);
}
