import type { Page } from 'playwright-core';

/** Where the last computation's pixels came from, as the panel says it ("Pixels: T1 from the viewer, ..."). */
export async function pixelSources(page: Page): Promise<string> {
  const line = await page.getByText(/ Pixels: /).first().innerText();
  return line.slice(line.indexOf('Pixels: ') + 'Pixels: '.length).replace(/\.$/, '');
}
