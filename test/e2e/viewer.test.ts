/**
 * The product as a radiologist meets it: the stock OHIF 3.13 viewer with the PRNN extension and mode, in headless
 * Chromium (SwiftShader WebGL), against Orthanc and against the embedded DICOMweb server. Screenshots go to
 * test-artifacts/. Needs Debian's chromium and orthanc (+ orthanc-dicomweb); fails saying so when they are missing.
 */
import type { Page } from 'playwright-core';
import { dicomWebPlugin, orthancBinary } from '../../servers/orthanc';
import { chromiumPath, launchChromium, nonBlackFraction, screenshot, type HeadlessChromium } from './support/browser';
import { canvasColours, colourBar, overlayPixels, showFeatureMap, valueUnderCursor } from './support/featureMaps';
import { pixelSources } from './support/results';
import { ensureBuilt, startStack, type Stack } from './support/stack';
import { chooseReaders, compareReaders, demoReadersReference } from './support/readers';
import { tumourCentreSliceZ, waitForViewports } from './support/viewports';
import { drawViewerRoi, roiListEntries, segSeriesInPacs } from './support/viewerRoi';
import { SAMPLE_STUDIES } from '../../servers/samples/generate';

const DEMO = 'SYNTHETIC, PRNN DEMO';
const NO_CET1 = 'SYNTHETIC, PRNN NOCET1';

async function openPrnnMode(page: Page, viewerUrl: string, patient: string): Promise<void> {
  await page.goto(`${viewerUrl}/`);
  await page.getByText(patient, { exact: true }).click();
  await page.getByRole('button', { name: 'PRNN risk', exact: true }).click();
  await page.waitForURL(/\/prnn\?StudyInstanceUIDs=/);
}

/** Waits until `count` viewport canvases show an image (more than 5 % of their pixels not black). */
async function waitForRenderedViewports(page: Page, count: number, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let fractions: number[] = [];
  while (Date.now() < deadline) {
    fractions = await nonBlackFraction(page, 'canvas.cornerstone-canvas');
    if (fractions.filter((f) => f > 0.05).length >= count) return fractions;
    await page.waitForTimeout(500);
  }
  throw new Error(`fewer than ${count} viewports rendered an image within ${timeoutMs / 1000} s (non-black fractions: ${fractions.map((f) => f.toFixed(3)).join(', ') || 'no canvas'})`);
}

describe.each(['orthanc', 'embedded'] as const)('PRNN in the OHIF viewer with %s', (pacs) => {
  let stack: Stack;
  let chromium: HeadlessChromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Missing tools fail here at once, naming the package to install, before any long build.
    chromiumPath();
    if (pacs === 'orthanc') {
      orthancBinary();
      dicomWebPlugin();
    }
    await ensureBuilt();
    stack = await startStack(pacs);
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 600_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it('lists the synthetic studies on the worklist', async () => {
    await page.goto(`${stack.url}/`);
    await expect(page.getByText(DEMO, { exact: true }).waitFor({ timeout: 60_000 })).resolves.toBeUndefined();
    // OHIF's own "investigational use" notice covers the bottom of every screenshot until acknowledged.
    await page.getByRole('button', { name: 'Confirm and hide' }).click({ timeout: 10_000 });
    await expect(page.getByText(NO_CET1, { exact: true }).waitFor({ timeout: 10_000 })).resolves.toBeUndefined();
    await screenshot(page, `${pacs}-1-worklist`);
  }, 90_000);

  it('opens the PRNN mode: T1, T2 and CE-T1 rendered, panel with series assignment; Compute shows probability and risk group', async () => {
    await openPrnnMode(page, stack.url, DEMO);
    const opened = Date.now();
    await page.getByTestId('prnn-panel').waitFor({ timeout: 60_000 });
    await waitForRenderedViewports(page, 3, 90_000);
    await page.getByTestId('prnn-series-assignment').waitFor({ timeout: 30_000 });
    await screenshot(page, `${pacs}-2-mode-opened`);

    await page.getByTestId('prnn-compute').click();
    // While the worker computes: every viewport on the slice through the generator's tumour centre, the RTSTRUCT drawn
    // on T2 and the SEG drawn on CE-T1 shown by OHIF over their own series, nothing laid over T1 (no ROI drawn on it).
    const centreZ = tumourCentreSliceZ('PRNN-SYN-001');
    const viewports = ['prnn-T1', 'prnn-T2', 'prnn-T1C'];
    // The SEG must be painted in its colour on first opening (issue 5: cornerstone once left it black).
    const shown = await waitForViewports(page, viewports, (v) => Math.abs(v.z - centreZ) < 0.01 && (v.svgContours > 0 || v.colouredCanvas > 0.002 || v.viewportId === 'prnn-T1'), 120_000);
    console.log(`[e2e ${pacs}] viewports at z ${centreZ}: ${viewports.map((id) => shown[id]).map((v) => `${v.viewportId} image ${v.imageIndex + 1}/${v.imageCount} [${v.segmentations.join(', ')}]`).join('; ')}`);
    expect(viewports.map((id) => [shown[id].seriesDescription, shown[id].segmentations])).toEqual([
      ['t1_tse_tra', []],
      ['t2_tse_fs_tra', ['Contour: Tumour RTSTRUCT (t2_tse_fs_tra)']],
      ['t1_tse_fs_tra_post', ['Labelmap: Tumour SEG (t1_tse_fs_tra_post)']],
    ]);
    expect([shown['prnn-T2'].svgContours > 0, shown['prnn-T1C'].colouredCanvas > 0.002]).toEqual([true, true]);
    await screenshot(page, `${pacs}-2a-viewports-on-tumour`);
    await page.getByTestId('prnn-probability').waitFor({ timeout: 240_000 });
    const probability = (await page.getByTestId('prnn-probability').innerText()).trim();
    const riskGroup = (await page.getByTestId('prnn-risk-group').innerText()).trim();
    const seconds = (Date.now() - opened) / 1000;
    await screenshot(page, `${pacs}-3-risk`);
    console.log(`[e2e ${pacs}] mode opened -> risk shown in ${seconds.toFixed(1)} s: probability ${probability}, ${riskGroup}`);
    expect(probability).toMatch(/\d/);
    expect(riskGroup).toMatch(/high|low/i);
    await expect(page.getByTestId('prnn-card-banner').innerText()).resolves.toMatch(/synthetic|not for clinical use/i);
    // The SEG OHIF loaded and hydrated on CE-T1 is the stored one, not an ROI changed in the viewer.
    const roiList = await roiListEntries(page);
    console.log(`[e2e ${pacs}] ROI lists on opening: ${[...new Set(roiList)].join(' | ')}`);
    expect(roiList.filter((entry) => /in the viewer/.test(entry))).toEqual([]);
  }, 420_000);

  it('shows a signature feature map on its sequence (coloured ROI, colour bar with min/max, value under the cursor) and the ROI surface in 3D', async () => {
    const shown = await showFeatureMap(page, 'original_glcm_Contrast_T1C', 120_000);
    expect(shown).toMatch(/Shown on the viewport of its sequence/);
    const bar = await colourBar(page);
    expect(bar.title).toMatch(/original_glcm_Contrast_T1C/);
    expect(bar.range[0]).toBeLessThan(bar.range[1]);
    const pixels = await overlayPixels(page, ['t1_tse_fs_tra_post', 't1_tse_tra', 't2_tse_fs_tra']);
    // Drawn on the CE-T1 viewport only (its overlay text names that series and no other).
    expect(pixels.viewportText).toMatch(/t1_tse_fs_tra_post/);
    expect(pixels.viewportText).not.toMatch(/t1_tse_tra\b|t2_tse_fs_tra/);
    expect(pixels.coloured).toBeGreaterThan(100);
    // The coloured region is the ROI: the map reads a value there, within the colour bar, and none far from it.
    const inside = await valueUnderCursor(page, pixels.inside as [number, number]);
    const value = Number(inside.replace(/^Value: /, ''));
    expect(value).toBeGreaterThanOrEqual(bar.range[0]);
    expect(value).toBeLessThanOrEqual(bar.range[1]);
    await screenshot(page, `${pacs}-3a-feature-map`);
    await expect(valueUnderCursor(page, pixels.outside as [number, number])).resolves.toBe('Value: outside the ROI');

    // Shape made visible: a 3D view of the ROI's surface (in its segment colour) over the CE-T1 viewport, then back to 2D.
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.getByTestId('prnn-surface-3d').click();
    await page.getByTestId('prnn-surface-shown').or(page.getByTestId('prnn-surface-error')).waitFor({ timeout: 60_000 });
    if (await page.getByTestId('prnn-surface-error').count()) {
      throw new Error(`${await page.getByTestId('prnn-surface-error').innerText()} (console errors: ${consoleErrors.slice(0, 5).join(' | ')})`);
    }
    await page.waitForTimeout(1000);
    await screenshot(page, `${pacs}-3c-roi-surface-3d`);
    const colours3D = await canvasColours(page, '[data-testid="prnn-surface-view"] canvas');
    console.log(`[e2e ${pacs}] 3D view: ${(100 * colours3D.nonBlack).toFixed(1)} % of the canvas not black, ${colours3D.coloured} coloured (surface) pixels`);
    expect(colours3D.nonBlack).toBeGreaterThan(0.005);
    expect(colours3D.coloured).toBeGreaterThan(1000);
    await page.getByTestId('prnn-surface-2d').click();
    await page.locator('canvas[data-testid="prnn-feature-map-canvas"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('prnn-surface-view').count()).resolves.toBe(0);
    await page.getByTestId('prnn-feature-map-hide').click();
    await expect(page.locator('canvas[data-testid="prnn-feature-map-canvas"]').count()).resolves.toBe(0);
  }, 300_000);

  it('stores the computed result in the PACS; reopening the study shows the stored probability without computing; Recompute gives identical numbers', async () => {
    const computed = (await page.getByTestId('prnn-probability').innerText()).trim();
    const pixelsBefore = await pixelSources(page);
    await page.getByTestId('prnn-store').click();
    const message = page.getByTestId('prnn-store-message');
    await message.waitFor({ timeout: 60_000 });
    await expect(Promise.all([message.getAttribute('data-status'), message.innerText()])).resolves.toEqual(['stored', 'PRNN result SR stored in the PACS.']);

    await openPrnnMode(page, stack.url, DEMO);
    const stored = page.getByTestId('prnn-stored-probability');
    await stored.waitFor({ timeout: 90_000 });
    await screenshot(page, `${pacs}-3b-stored-result`);
    expect((await stored.innerText()).trim()).toBe(computed);
    await expect(page.getByTestId('prnn-stored-provenance').innerText()).resolves.toMatch(/card .* v\S+ \(SHA-256 [0-9a-f]{12}…\)/);
    // Shown from the SR alone: no computation ran in this page.
    expect(await page.getByTestId('prnn-probability').count()).toBe(0);

    // Recompute runs on the SR's own series and ROIs; the SR is read back as Part 10, so every value is exact.
    await page.getByTestId('prnn-recompute').click();
    const check = page.getByTestId('prnn-recompute-check');
    await check.waitFor({ timeout: 240_000 });
    const verdict = (await check.innerText()).trim();
    console.log(`[e2e ${pacs}] Recompute against the stored SR: ${verdict} (first computation: ${pixelsBefore}; recomputation: ${await pixelSources(page)})`);
    expect(verdict).toBe('Recomputed: identical to the stored result.');
  }, 480_000);

  it("compares reader A's and reader B's ROIs (Dice, HD95 as the reference, verdict) and stores the comparison in the SR; reopening shows it", async () => {
    await openPrnnMode(page, stack.url, DEMO);
    await page.getByTestId('prnn-compare').waitFor({ timeout: 60_000 });
    await chooseReaders(page, /SEG · SYNTHETIC, READER A/, /SEG · SYNTHETIC, READER B/);
    await expect(page.getByTestId('prnn-compare-sequence').inputValue()).resolves.toBe('T2');
    const shown = await compareReaders(page, 300_000);
    await page.getByTestId('prnn-compare-result').scrollIntoViewIfNeeded();
    await screenshot(page, `${pacs}-5-compare-readers`);
    const reference = demoReadersReference();
    console.log(`[e2e ${pacs}] readers: Dice ${shown.dice}, HD95 ${shown.hausdorff95Mm} mm (reference ${reference.dice}, ${reference.hausdorff95Mm} mm); ${shown.verdict}`);
    expect(shown.dice).toBeCloseTo(reference.dice, 3);
    expect(shown.hausdorff95Mm).toBeCloseTo(reference.hausdorff95Mm, 2);
    expect(shown.verdict).toMatch(/^Risk group (unchanged|changes)/);

    await page.getByTestId('prnn-compute').click();
    await page.getByTestId('prnn-store').click({ timeout: 240_000 });
    await expect(page.getByTestId('prnn-store-message').getAttribute('data-status', { timeout: 60_000 })).resolves.toBe('stored');
    await openPrnnMode(page, stack.url, DEMO);
    await page.getByTestId('prnn-compare-stored').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('prnn-compare-stored-dice').innerText()).resolves.toBe(shown.dice.toFixed(3));
  }, 720_000);

  it('viewports follow the panel: a series chosen for T1 replaces it in the T1 viewport, opened on the ROI centre; choosing back restores it', async () => {
    await openPrnnMode(page, stack.url, DEMO);
    const centreZ = tumourCentreSliceZ('PRNN-SYN-001');
    const select = page.getByTestId('prnn-series-select-T1');
    const chooseFor = async (description: string) => select.selectOption((await select.locator('option', { hasText: description }).getAttribute('value'))!);
    await waitForViewports(page, ['prnn-T1'], (v) => v.seriesDescription === 't1_tse_tra' && Math.abs(v.z - centreZ) < 0.01, 90_000);
    await chooseFor('t1_tse_fs_tra_post');
    const overridden = await waitForViewports(page, ['prnn-T1'], (v) => v.seriesDescription === 't1_tse_fs_tra_post' && Math.abs(v.z - centreZ) < 0.01 && v.colouredCanvas > 0.002, 60_000);
    // T1's ROI follows its new series: the SEG drawn on CE-T1, now laid over it.
    expect(overridden['prnn-T1'].segmentations).toEqual(['Labelmap: Tumour SEG (t1_tse_fs_tra_post)']);
    await screenshot(page, `${pacs}-2b-series-chosen-in-panel`);
    await chooseFor('t1_tse_tra');
    const restored = await waitForViewports(page, ['prnn-T1'], (v) => v.seriesDescription === 't1_tse_tra' && Math.abs(v.z - centreZ) < 0.01, 60_000);
    expect(restored['prnn-T1'].segmentations).toEqual([]);
  }, 240_000);

  it('says CE-T1 is missing on the study without it', async () => {
    await openPrnnMode(page, stack.url, NO_CET1);
    await page.getByTestId('prnn-panel').waitFor({ timeout: 60_000 });
    await waitForRenderedViewports(page, 2, 90_000);
    await waitForViewports(page, ['prnn-T1', 'prnn-T2'], (v) => Math.abs(v.z - tumourCentreSliceZ('PRNN-SYN-002')) < 0.01, 90_000);
    const error = page.getByTestId('prnn-error').filter({ hasText: /Missing CE-T1/ });
    await error.first().waitFor({ timeout: 30_000 });
    await screenshot(page, `${pacs}-4-missing-cet1`);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('an ROI drawn in the viewer on T2 is offered, computed on and stored as a SEG before the SR', async () => {
    await openPrnnMode(page, stack.url, DEMO);
    await page.getByTestId('prnn-panel').waitFor({ timeout: 60_000 });
    await waitForViewports(page, ['prnn-T2'], (v) => v.seriesDescription === 't2_tse_fs_tra' && v.imageCount > 0, 90_000);
    const studyInstanceUID = new URL(page.url()).searchParams.get('StudyInstanceUIDs')!;
    const segsBefore = await segSeriesInPacs(stack.url, studyInstanceUID);
    const { centre } = SAMPLE_STUDIES.find((s) => s.study.patientId === 'PRNN-SYN-001')!.tumour;
    const drawn = await drawViewerRoi(page, 't2_tse_fs_tra', 'prnn-T2', centre, [9, 7, 6], 'GTV drawn in e2e');
    console.log(`[e2e ${pacs}] drew ${drawn.voxels} voxels on ${drawn.slices} T2 slices (segmentation ${drawn.segmentationId})`);
    expect(drawn.voxels).toBeGreaterThan(100);
    const roiSelect = page.getByTestId('prnn-roi-select-T2');
    const option = roiSelect.locator('option', { hasText: 'GTV drawn in e2e (SEG: drawn in the viewer)' });
    await option.waitFor({ state: 'attached', timeout: 30_000 });
    await roiSelect.selectOption((await option.getAttribute('value'))!);
    // The panel carries T2's choice over to T1 (no ROI of its own), but a drawn ROI belongs to its series: T1 keeps a stored one.
    const t1Select = page.getByTestId('prnn-roi-select-T1');
    await t1Select.selectOption((await t1Select.locator('option', { hasText: 'GTV_recurrence (RTSTRUCT' }).getAttribute('value'))!);
    await page.getByTestId('prnn-compute').click();
    await page.getByTestId('prnn-probability').waitFor({ timeout: 240_000 }).catch(async (error: Error) => {
      throw new Error(`${error.message}\npanel errors: ${(await page.getByTestId('prnn-error').allInnerTexts()).join(' | ')}`);
    });
    await page.getByTestId('prnn-store').click();
    const message = page.getByTestId('prnn-store-message');
    await message.waitFor({ timeout: 60_000 });
    await screenshot(page, `${pacs}-6-viewer-roi-stored`);
    await expect(Promise.all([message.getAttribute('data-status'), message.innerText()])).resolves.toEqual([
      'stored',
      "The SEG of ROI 'GTV drawn in e2e' stored in the PACS. PRNN result SR stored in the PACS.",
    ]);
    const segsAfter = await segSeriesInPacs(stack.url, studyInstanceUID);
    expect(segsAfter.filter((uid) => !segsBefore.includes(uid))).toHaveLength(1);
  }, 480_000);
});
