/**
 * Colour temperature to a light colour. The chromaticity of a black body
 * (Kim et al. 2002 cubic fit of the Planckian locus, valid 1667-25000 K;
 * temperatures outside are clamped) is converted to linear sRGB, divided
 * channel by channel by the colour at 6500 K (so 6500 K is exactly white)
 * and scaled to unit luminance (so the light's intensity keeps its meaning).
 */

/** Linear-sRGB multipliers [r, g, b] for a light of `kelvin` degrees; [1, 1, 1] at 6500 K. */
export function kelvinToLinearRgb(kelvin: number): [number, number, number] {
  const raw = planckianLinearRgb(kelvin);
  const white = planckianLinearRgb(6500);
  const rgb: [number, number, number] = [raw[0] / white[0], raw[1] / white[1], raw[2] / white[2]];
  const luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  return [rgb[0] / luminance, rgb[1] / luminance, rgb[2] / luminance];
}

function planckianLinearRgb(kelvin: number): [number, number, number] {
  const t = Math.min(25000, Math.max(1667, kelvin));
  const t2 = t * t;
  const t3 = t2 * t;
  const x = t <= 4000
    ? -0.2661239e9 / t3 - 0.2343589e6 / t2 + 0.8776956e3 / t + 0.17991
    : -3.0258469e9 / t3 + 2.1070379e6 / t2 + 0.2226347e3 / t + 0.24039;
  const x2 = x * x;
  const x3 = x2 * x;
  let y: number;
  if (t <= 2222) y = -1.1063814 * x3 - 1.3481102 * x2 + 2.18555832 * x - 0.20219683;
  else if (t <= 4000) y = -0.9549476 * x3 - 1.37418593 * x2 + 2.09137015 * x - 0.16748867;
  else y = 3.081758 * x3 - 5.8733867 * x2 + 3.75112997 * x - 0.37001483;
  const X = x / y;
  const Z = (1 - x - y) / y;
  const r = 3.2404542 * X - 1.5371385 - 0.4985314 * Z;
  const g = -0.969266 * X + 1.8760108 + 0.041556 * Z;
  const b = 0.0556434 * X - 0.2040259 + 1.0572252 * Z;
  const floor = 1e-4;
  return [Math.max(floor, r), Math.max(floor, g), Math.max(floor, b)];
}
