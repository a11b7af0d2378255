// Renders the Teams app icons from manifest/icon.svg: color.png (192×192) and
// outline.png (32×32, white on transparent: the drawing without its background).
// Usage: npm run icons
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

export const MANIFEST_DIR = path.join(__dirname, '..', 'manifest');
export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

export interface RenderedIcon {
  png: Buffer;
  /** Premultiplied RGBA, row by row (white at alpha a is r = g = b = a). */
  pixels: Buffer;
  width: number;
  height: number;
}

const BACKGROUND_ELEMENT = /<(\w+)[^>]*\bid="background"[^>]*\/>/;

export function withoutBackground(svg: string): string {
  if (!BACKGROUND_ELEMENT.test(svg)) throw new Error('icon.svg has no self-closing element with id="background"');
  return svg.replace(BACKGROUND_ELEMENT, '');
}

function render(svg: string, size: number): RenderedIcon {
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
    shapeRendering: 2,
  }).render();
  return { png: image.asPng(), pixels: Buffer.from(image.pixels), width: image.width, height: image.height };
}

export function renderColorIcon(svg: string): RenderedIcon {
  return render(svg, COLOR_SIZE);
}

export function renderOutlineIcon(svg: string): RenderedIcon {
  return render(withoutBackground(svg), OUTLINE_SIZE);
}

export function readSourceSvg(dir = MANIFEST_DIR): string {
  return fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8');
}

function main(): void {
  const svg = readSourceSvg();
  const icons = { 'color.png': renderColorIcon(svg), 'outline.png': renderOutlineIcon(svg) };
  for (const [name, icon] of Object.entries(icons)) {
    fs.writeFileSync(path.join(MANIFEST_DIR, name), icon.png);
    console.log(`manifest/${name} ${icon.width}x${icon.height} (${icon.png.length} bytes)`);
  }
}

if (require.main === module) main();
