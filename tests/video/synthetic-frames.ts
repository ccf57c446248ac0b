/**
 * Synthetic camera frames for the video tests: a soft gradient background with
 * three coloured squares moving along fixed paths. Integer arithmetic only,
 * so the page and Node make the same bytes.
 */

/** RGBA bytes of frame `index` of episode `episode` (`width * height * 4`, alpha 255). */
export function syntheticFrame(width: number, height: number, episode: number, index: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      rgba[p] = 40 + ((x * 120) / width) | 0;
      rgba[p + 1] = 60 + ((y * 100) / height) | 0;
      rgba[p + 2] = 90 + ((episode * 37) % 80);
      rgba[p + 3] = 255;
    }
  }
  const side = Math.max(8, (Math.min(width, height) / 5) | 0);
  const squares: [number, number, number, number, number][] = [
    // x0, y0, dx per frame, dy per frame, colour index
    [10, 20, 3, 1, 0],
    [width - side - 10, 40, -2, 2, 1],
    [width / 3, height - side - 10, 1, -3, 2],
  ];
  const colours = [[230, 40, 40], [40, 200, 60], [250, 220, 30]] as const;
  for (const [x0, y0, dx, dy, c] of squares) {
    const span = (limit: number) => Math.max(1, limit - side);
    const bounce = (start: number, step: number, limit: number) => {
      const period = 2 * span(limit);
      const t = (((start + step * (index + episode * 5)) % period) + period) % period;
      return t < span(limit) ? t : period - t;
    };
    const sx = bounce(x0 | 0, dx, width);
    const sy = bounce(y0 | 0, dy, height);
    const [r, g, b] = colours[c]!;
    for (let y = sy; y < sy + side && y < height; y++) {
      for (let x = sx; x < sx + side && x < width; x++) {
        const p = (y * width + x) * 4;
        rgba[p] = r;
        rgba[p + 1] = g;
        rgba[p + 2] = b;
      }
    }
  }
  return rgba;
}
