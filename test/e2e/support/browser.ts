import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (CHROMIUM_PATH overrides). We never download a browser. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium is not installed at ${path}: \`apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH`);
  }
  return path;
}

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with WebGL through SwiftShader (cornerstone renders nothing without WebGL), a fresh empty
 * profile, and no background traffic.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'prnn-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const ARTIFACTS_DIR = join(__dirname, '..', '..', '..', 'test-artifacts');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Fraction of non-black pixels over all canvases of the viewports (read back through a 2D canvas copy, which
 * works for WebGL canvases that cornerstone renders with preserveDrawingBuffer off only right after a render,
 * so we copy via drawImage inside a requestAnimationFrame).
 */
export async function nonBlackFraction(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(async (sel) => {
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    return [...document.querySelectorAll<HTMLCanvasElement>(sel)].map((canvas) => {
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      context.drawImage(canvas, 0, 0);
      const { data } = context.getImageData(0, 0, copy.width, copy.height);
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 30) lit++;
      return lit / (data.length / 4);
    });
  }, selector);
}
