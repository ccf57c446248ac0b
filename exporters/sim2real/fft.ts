/** Radix-2 fast Fourier transforms (forward, unnormalised, as numpy.fft). */

/** In-place forward FFT of n complex values (n a power of two), split into real and imaginary arrays, at `offset` with `stride`. */
export function fft1d(re: Float64Array, im: Float64Array, n: number, offset = 0, stride = 1): void {
  if (n & (n - 1)) throw new Error(`fft1d: length ${n} is not a power of two`);
  const at = (i: number) => offset + i * stride;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = at(i);
      const b = at(j);
      [re[a], re[b]] = [re[b]!, re[a]!];
      [im[a], im[b]] = [im[b]!, im[a]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = at(start + k);
        const b = at(start + k + len / 2);
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
      }
    }
  }
}

/** In-place 2D forward FFT of a height x width row-major complex image (both powers of two). */
export function fft2d(re: Float64Array, im: Float64Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) fft1d(re, im, width, y * width, 1);
  for (let x = 0; x < width; x++) fft1d(re, im, height, x, width);
}
