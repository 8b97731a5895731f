// Headless Chromium for the report tests: Debian's chromium driven by playwright-core (never a
// downloaded browser). `apt-get install -y chromium` provides /usr/bin/chromium.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ARBLENS_CHROMIUM ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * A screenshot's pixels, decoded by the browser itself (no PNG decoder needed here): the share
 * of pixels that are not near-white and the number of distinct colours (coarsened to 4 bits per
 * channel). A blank or failed render is one colour and ~0 % ink.
 */
export async function inkOf(page: Page, png: Buffer): Promise<{ ink: number; colours: number }> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d')!;
    g.drawImage(bmp, 0, 0);
    const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
    let ink = 0;
    const seen = new Set<number>();
    for (let i = 0; i < px.length; i += 4) {
      if (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235) ink++;
      seen.add(((px[i] >> 4) << 8) | ((px[i + 1] >> 4) << 4) | (px[i + 2] >> 4));
    }
    return { ink: ink / (px.length / 4), colours: seen.size };
  }, png.toString('base64'));
}
