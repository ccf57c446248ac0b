/** The packed form of RenderedMedia and render inputs (exporters/media-wire.ts). */
import { describe, expect, it } from 'vitest';
import { packParts, packValue, typedArrayBuffers, unpackValue } from '../../exporters/media-wire';

describe('media wire', () => {
  const value = {
    name: 'episode',
    nested: [{ bytes: Uint8Array.from([1, 2, 3]), n: 1.5 }, null, true],
    depth: Float32Array.from([0.25, -1, 3e-9]),
    ids: Uint16Array.from([0, 65535, 7]),
    counts: Float64Array.from([1e300, 0.1]),
    corners: [Number.NaN, Infinity, -Infinity, -0.5],
    skipped: undefined,
    view: new Uint8Array(new ArrayBuffer(64), 13, 5).fill(9),
  };

  it('round-trips typed arrays, non-finite numbers and plain data', () => {
    const back = unpackValue<typeof value>(packValue(value));
    expect(back.name).toBe('episode');
    expect(back.nested[0]).toEqual({ bytes: Uint8Array.from([1, 2, 3]), n: 1.5 });
    expect(back.nested.slice(1)).toEqual([null, true]);
    expect(back.depth).toEqual(value.depth);
    expect(back.ids).toEqual(value.ids);
    expect(back.counts).toEqual(value.counts);
    expect(back.corners).toEqual([Number.NaN, Infinity, -Infinity, -0.5]);
    expect('skipped' in back).toBe(false);
    expect(back.view).toEqual(Uint8Array.from([9, 9, 9, 9, 9]));
  });

  it('gives every unpacked array its own buffer, so each transfers alone', () => {
    const back = unpackValue<typeof value>(packValue(value));
    const buffers = typedArrayBuffers(back);
    expect(buffers).toHaveLength(5);
    expect(back.view.buffer.byteLength).toBe(5);
  });

  it('packs into parts that concatenate to the packed bytes, without copying the arrays', () => {
    const parts = packParts(value);
    expect(parts.some((p) => p.buffer === value.depth.buffer)).toBe(true);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(packValue(value)));
  });

  it('refuses reserved keys and unknown input', () => {
    expect(() => packValue({ $b: 1 })).toThrow(/reserved/);
    expect(() => packValue({ a: new Int8Array(2) })).toThrow(/Int8Array is not supported/);
    expect(() => unpackValue(Uint8Array.from([1, 2, 3, 4, 0, 0, 0, 0]))).toThrow(/bad magic/);
  });
});
