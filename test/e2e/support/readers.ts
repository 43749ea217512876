import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** The reference Dice / HD95 of the demo study's two readers on T2 (scripts/reference/compare_demo_reference.py). */
export function demoReadersReference(): { dice: number; hausdorff95Mm: number } {
  const path = join(__dirname, '..', '..', 'reference', 'compare', 'demo_readers.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: Record<string, { dice: number; hausdorff95Mm: number }> }).cases.segA_vs_segB;
}

/** Picks, for reader A and reader B, the ROI whose line in the picker matches; the lists name the reader. */
export async function chooseReaders(page: Page, readerA: RegExp, readerB: RegExp): Promise<void> {
  for (const [reader, pattern] of [
    ['A', readerA],
    ['B', readerB],
  ] as const) {
    const select = page.getByTestId(`prnn-compare-roi-${reader}`);
    await select.locator('option', { hasText: pattern }).first().waitFor({ state: 'attached', timeout: 60_000 });
    const value = await select.locator('option', { hasText: pattern }).first().getAttribute('value');
    if (!value) throw new Error(`no ROI matching ${pattern} in the reader ${reader} list`);
    await select.selectOption(value);
  }
}

/** Runs Compare and returns what the panel shows (Dice and HD95 as numbers, the verdict as text). */
export async function compareReaders(page: Page, timeoutMs: number): Promise<{ dice: number; hausdorff95Mm: number; verdict: string }> {
  await page.getByTestId('prnn-compare-run').click();
  const result = page.getByTestId('prnn-compare-result').or(page.getByTestId('prnn-compare-error'));
  await result.first().waitFor({ timeout: timeoutMs });
  if (await page.getByTestId('prnn-compare-error').count()) throw new Error(await page.getByTestId('prnn-compare-error').innerText());
  const number = async (testId: string) => Number.parseFloat(await page.getByTestId(testId).innerText());
  return {
    dice: await number('prnn-compare-dice'),
    hausdorff95Mm: await number('prnn-compare-hd95'),
    verdict: (await page.getByTestId('prnn-compare-verdict').innerText()).trim(),
  };
}
