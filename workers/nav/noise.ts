/**
 * Sensor noise on one reading: additive Gaussian noise and bias, and dropout
 * (a lost reading; range sensors report it as 0, "no return"). Draws come from two seeded streams so
 * that the dropout pattern does not depend on the Gaussian draws.
 */
import type { Rng } from '../../scenes/rng';
import type { SensorNoise } from '../../scenes/schema/primitives';

/** Noise of one sensor: bias and Gaussian spread in the unit of the reading, dropout probability. */
export class ReadingNoise {
  private readonly std: number;
  private readonly bias: number;
  private readonly dropout: number;

  /** `gauss` and `drop` are the episode's streams for this sensor (e.g. keyed 'lidar-noise', 'lidar-dropout'). */
  constructor(noise: SensorNoise, private readonly gauss: Rng, private readonly drop: Rng) {
    this.std = noise.gaussianStd;
    this.bias = noise.bias;
    this.dropout = noise.dropout;
  }

  /** Whether this reading is lost (draws from the dropout stream only when dropout > 0). */
  dropped(): boolean {
    return this.dropout > 0 && this.drop.next() < this.dropout;
  }

  /** `value` plus bias plus Gaussian noise, in the unit of the reading (draws only when the std is > 0). */
  perturb(value: number): number {
    return this.std > 0 ? value + this.bias + this.std * this.gauss.normal() : value + this.bias;
  }
}
