/** Small SVG charts of sampled values: a histogram of numbers, bars for choices. */
import type { ChoiceValue } from '../../../scenes/schema/randomization';
import { formatNumber } from './fields';
import { choiceCounts, histogram } from '../model/randomize';

const WIDTH = 280;
const HEIGHT = 84;
const BINS = 20;

/** A histogram of numeric samples with their range and mean. */
export function NumberHistogram({ values, label }: { values: readonly number[]; label: string }) {
  const h = histogram(values, BINS);
  const peak = Math.max(...h.counts);
  const barWidth = WIDTH / BINS;
  const meanX = h.max > h.min ? ((h.mean - h.min) / (h.max - h.min)) * WIDTH : WIDTH / 2;
  return (
    <figure className="histogram" aria-label={label} data-count={values.length} data-min={h.min} data-max={h.max}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`} width={WIDTH} height={HEIGHT + 14} role="img" aria-label={`${label}: ${values.length} values from ${formatNumber(h.min)} to ${formatNumber(h.max)}`}>
        {h.counts.map((c, i) => {
          const height = peak > 0 ? (c / peak) * HEIGHT : 0;
          return <rect key={i} className="bin" x={i * barWidth + 1} y={HEIGHT - height} width={barWidth - 2} height={height}><title>{`${c} values`}</title></rect>;
        })}
        <line className="mean" x1={meanX} x2={meanX} y1={0} y2={HEIGHT} />
        <line className="axis" x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} />
        <text x={0} y={HEIGHT + 12} className="tick">{formatNumber(Number(h.min.toPrecision(4)))}</text>
        <text x={WIDTH} y={HEIGHT + 12} className="tick end">{formatNumber(Number(h.max.toPrecision(4)))}</text>
      </svg>
      <figcaption>
        mean {formatNumber(Number(h.mean.toPrecision(4)))} · {values.length} samples
      </figcaption>
    </figure>
  );
}

/** How often each choice was drawn. */
export function ChoiceBars({ values, choices, label }: { values: readonly ChoiceValue[]; choices: readonly ChoiceValue[]; label: string }) {
  const counts = choiceCounts(values, choices);
  const peak = Math.max(1, ...counts);
  return (
    <figure className="choice-bars" aria-label={label} data-count={values.length}>
      {choices.map((choice, i) => (
        <div key={String(choice)} className="choice-row">
          <span className="choice-name">{String(choice)}</span>
          <span className="meter">
            <span style={{ width: `${(100 * (counts[i] ?? 0)) / peak}%` }} />
          </span>
          <span className="count">{counts[i]}</span>
        </div>
      ))}
      <figcaption>{values.length} samples</figcaption>
    </figure>
  );
}
