import type { Page } from 'playwright-core';

/**
 * An ROI drawn in the real viewer the way OHIF 3.13's segmentation tools leave one: a labelmap segmentation made by
 * its segmentationService on a display set, its labelmap images (cornerstone's cache) filled, and cornerstone's
 * SEGMENTATION_DATA_MODIFIED fired, as a brush stroke does.
 */
export interface DrawnRoi {
  segmentationId: string;
  /** Voxels set to segment 1, and on how many slices. */
  voxels: number;
  slices: number;
}

/** Draws segment 1 (labelled `label`) as an ellipsoid of `radiiMm` around `centre` (patient mm) on the series described `seriesDescription`. */
export async function drawViewerRoi(page: Page, seriesDescription: string, viewportId: string, centre: [number, number, number], radiiMm: [number, number, number], label: string): Promise<DrawnRoi> {
  return page.evaluate(
    async ({ seriesDescription, viewportId, centre, radiiMm, label }) => {
      type Plane = { imagePositionPatient: number[]; rowCosines: number[]; columnCosines: number[]; rowPixelSpacing: number; columnPixelSpacing: number; rows: number; columns: number };
      const host = window as unknown as {
        cornerstone: {
          cache: { getImage(imageId: string): { getPixelData(): Uint8Array } | undefined };
          metaData: { get(type: string, imageId: string): Plane | undefined };
        };
        cornerstoneTools: { segmentation: { triggerSegmentationEvents: { triggerSegmentationDataModified(segmentationId: string): void } } };
        services: {
          displaySetService: { getActiveDisplaySets(): { SeriesDescription?: string; Modality?: string; imageIds?: string[] }[] };
          segmentationService: {
            createLabelmapForDisplaySet(displaySet: unknown, options: unknown): Promise<string>;
            addSegmentationRepresentation(viewportId: string, input: { segmentationId: string; type: string }): Promise<void> | void;
            getSegmentation(id: string): { representationData?: { Labelmap?: { imageIds?: string[]; referencedImageIds?: string[] } } } | undefined;
          };
        };
      };
      const { displaySetService, segmentationService } = host.services;
      const displaySet = displaySetService.getActiveDisplaySets().find((ds) => ds.SeriesDescription === seriesDescription && ds.Modality === 'MR');
      if (!displaySet) throw new Error(`no MR display set '${seriesDescription}' in the viewer`);
      const segmentationId = await segmentationService.createLabelmapForDisplaySet(displaySet, { label, segments: { 1: { label, active: true } } });
      await segmentationService.addSegmentationRepresentation(viewportId, { segmentationId, type: 'Labelmap' });
      const labelmap = segmentationService.getSegmentation(segmentationId)?.representationData?.Labelmap;
      if (!labelmap?.imageIds || !labelmap.referencedImageIds) throw new Error(`segmentation ${segmentationId} has no labelmap images`);
      let voxels = 0;
      let slices = 0;
      labelmap.imageIds.forEach((imageId, n) => {
        const plane = host.cornerstone.metaData.get('imagePlaneModule', labelmap.referencedImageIds![n]);
        const image = host.cornerstone.cache.getImage(imageId);
        if (!plane || !image) throw new Error(`labelmap slice ${n + 1}: no plane or cached image`);
        const labels = image.getPixelData();
        let onSlice = 0;
        for (let row = 0; row < plane.rows; row++) {
          for (let column = 0; column < plane.columns; column++) {
            let inside = 0;
            for (let axis = 0; axis < 3; axis++) {
              const position = plane.imagePositionPatient[axis] + column * plane.columnPixelSpacing * plane.rowCosines[axis] + row * plane.rowPixelSpacing * plane.columnCosines[axis];
              inside += ((position - centre[axis]) / radiiMm[axis]) ** 2;
            }
            if (inside <= 1) {
              labels[row * plane.columns + column] = 1;
              onSlice++;
            }
          }
        }
        voxels += onSlice;
        if (onSlice > 0) slices++;
      });
      host.cornerstoneTools.segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(segmentationId);
      return { segmentationId, voxels, slices };
    },
    { seriesDescription, viewportId, centre, radiiMm, label },
  );
}

/** The SEG series of a study, by DICOMweb QIDO-RS at the viewer's /dicom-web. */
export async function segSeriesInPacs(viewerUrl: string, studyInstanceUID: string): Promise<string[]> {
  const response = await fetch(`${viewerUrl}/dicom-web/studies/${studyInstanceUID}/series`, { headers: { Accept: 'application/dicom+json' } });
  if (response.status === 204) return [];
  if (!response.ok) throw new Error(`QIDO-RS for the SEG series of ${studyInstanceUID} answered ${response.status}`);
  const series = (await response.json()) as Record<string, { Value?: string[] } | undefined>[];
  return series.filter((s) => s['00080060']?.Value?.[0] === 'SEG').map((s) => s['0020000E']?.Value?.[0] ?? '');
}

/** The entries of the panel's ROI lists (T1, T2, CE-T1), as shown. */
export async function roiListEntries(page: Page): Promise<string[]> {
  const entries: string[] = [];
  for (const sequence of ['T1', 'T2', 'T1C']) entries.push(...(await page.getByTestId(`prnn-roi-select-${sequence}`).locator('option').allInnerTexts()));
  return entries;
}
