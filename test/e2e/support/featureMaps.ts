/**
 * What a radiologist sees of a voxel feature map in the viewer: which viewport carries the overlay, where its
 * coloured pixels are, the colour bar's bounds, and the value the legend reads under the cursor.
 */
import type { Page } from 'playwright-core';

/** Presses "Feature map" under the signature feature `feature` (its full name) and waits until it is shown. */
export async function showFeatureMap(page: Page, feature: string, timeoutMs: number): Promise<string> {
  const row = page.locator(`[data-testid="prnn-insights-feature"][data-feature="${feature}"]`);
  await row.getByTestId('prnn-feature-map-button').click();
  const shown = row.getByTestId('prnn-feature-map-shown');
  const failed = row.getByTestId('prnn-feature-map-error');
  await Promise.race([shown.waitFor({ timeout: timeoutMs }), failed.waitFor({ timeout: timeoutMs })]);
  if (await failed.count()) throw new Error(`The feature map of ${feature} failed: ${await failed.innerText()}`);
  return (await shown.innerText()).trim();
}

export interface OverlayPixels {
  /** Overlay pixels drawn (alpha > 0), in canvas pixels. */
  coloured: number;
  /** A drawn pixel nearest to the drawn pixels' centroid, in page (CSS) coordinates; null when nothing is drawn. */
  inside: [number, number] | null;
  /** A page point of the viewport (the viewport's own element is topmost there) far from every drawn pixel. */
  outside: [number, number] | null;
  /** Text of the smallest ancestor of the overlay that names a series (the viewport's own overlay text). */
  viewportText: string;
}

/** Reads the overlay canvas back (a 2D canvas, so getImageData works) and locates the viewport it lies on. */
export async function overlayPixels(page: Page, seriesNames: string[]): Promise<OverlayPixels> {
  return page.evaluate((names) => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-testid="prnn-feature-map-canvas"]');
    if (!canvas) throw new Error('no feature-map overlay canvas on the page');
    const context = canvas.getContext('2d');
    if (!context) throw new Error('the overlay canvas has no 2D context');
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    let sumX = 0;
    let sumY = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (data[4 * (y * width + x) + 3] === 0) continue;
        coloured++;
        sumX += x;
        sumY += y;
      }
    }
    const box = canvas.getBoundingClientRect();
    const scale = box.width / width;
    let inside: [number, number] | null = null;
    if (coloured > 0) {
      const [cx, cy] = [sumX / coloured, sumY / coloured];
      let best = Infinity;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const d = (x - cx) ** 2 + (y - cy) ** 2;
          if (data[4 * (y * width + x) + 3] !== 0 && d < best) {
            best = d;
            inside = [box.left + (x + 0.5) * scale, box.top + (y + 0.5) * scale];
          }
        }
      }
    }
    // The drawn pixels' bounding box, widened by 40 CSS pixels: "outside" is taken beyond it.
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (data[4 * (y * width + x) + 3] === 0) continue;
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      }
    }
    const margin = 40 / scale;
    let outside: [number, number] | null = null;
    for (let fy = 0.2; fy <= 0.8 && !outside; fy += 0.1) {
      for (let fx = 0.1; fx <= 0.9 && !outside; fx += 0.1) {
        const [x, y] = [fx * width, fy * height];
        if (x > minX - margin && x < maxX + margin && y > minY - margin && y < maxY + margin) continue;
        const point: [number, number] = [box.left + x * scale, box.top + y * scale];
        const top = document.elementFromPoint(point[0], point[1]);
        if (top && canvas.parentElement?.contains(top)) outside = point;
      }
    }
    let element: HTMLElement | null = canvas.parentElement;
    while (element && !names.some((name) => element?.innerText.includes(name))) element = element.parentElement;
    return { coloured, inside, outside, viewportText: element?.innerText ?? '' };
  }, seriesNames);
}

/** Moves the mouse to a page point and returns the legend's value line. */
export async function valueUnderCursor(page: Page, point: [number, number]): Promise<string> {
  await page.mouse.move(point[0], point[1]);
  await page.waitForTimeout(200);
  return (await page.getByTestId('prnn-feature-map-value').innerText()).trim();
}

/** The colour bar's title and its [min, max] as the legend prints them. */
export async function colourBar(page: Page): Promise<{ title: string; range: [number, number] }> {
  const text = (await page.getByTestId('prnn-feature-map-legend').innerText()).trim();
  const [title, ...rest] = text.split('\n').map((line) => line.trim());
  const bounds = rest.filter((line) => /^-?[\d.]+(e[+-]?\d+)?$/i.test(line)).map(Number);
  if (bounds.length !== 2) throw new Error(`the colour bar should print its maximum and minimum, got: ${JSON.stringify(text)}`);
  return { title, range: [bounds[1], bounds[0]] };
}

/**
 * Pixels of the canvas `selector` (read back through a 2D copy right after a frame): the fraction not black and the
 * number of coloured pixels (a segment colour, shaded: channels far apart, unlike the greys of an image).
 */
export async function canvasColours(page: Page, selector: string): Promise<{ nonBlack: number; coloured: number }> {
  return page.evaluate(async (sel) => {
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const canvas = document.querySelector<HTMLCanvasElement>(sel);
    if (!canvas) throw new Error(`no canvas ${sel} on the page`);
    const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
    const context = copy.getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.drawImage(canvas, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    let lit = 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] + data[i + 1] + data[i + 2] > 30) lit++;
      if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 50) coloured++;
    }
    return { nonBlack: lit / (data.length / 4), coloured };
  }, selector);
}
