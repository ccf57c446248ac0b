/** Short unit labels drawn from the schema's descriptions ("..., metres" -> "m"). */

/** Checked in order: the first pattern found in the description wins. */
const UNITS: readonly [RegExp, string][] = [
  [/metres per second squared/, 'm/s²'],
  [/metres per second/, 'm/s'],
  [/kilograms per cubic metre/, 'kg/m³'],
  [/degrees per second/, '°/s'],
  [/frames (recorded )?per second/, 'fps'],
  [/steps per second/, 'Hz'],
  [/\bdegrees\b/, '°'],
  [/\bmetres\b/, 'm'],
  [/\bkilograms\b/, 'kg'],
  [/\bnewtons\b/, 'N'],
  [/\bseconds\b/, 's'],
  [/\bhertz\b/, 'Hz'],
  [/\bpixels\b/, 'px'],
  [/\bkelvin\b/, 'K'],
];

/** The unit of a property from its schema description, or "" when it has none. */
export function unitOf(description: string | undefined): string {
  if (!description) return '';
  for (const [pattern, unit] of UNITS) if (pattern.test(description)) return unit;
  return '';
}
