/** Encoded episodes as JSON, for `page.evaluate` (bytes as base64). */
import type { EncodedEpisodeVideo } from '../../../exporters/video/encoded-video';

export type WireEpisode = Omit<EncodedEpisodeVideo, 'description' | 'packets'> & {
  description: string;
  packets: { data: string; timestampUs: number; durationUs: number; key: boolean }[];
};

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** The episode with its bytes decoded. */
export function fromWire(episode: WireEpisode): EncodedEpisodeVideo {
  return {
    ...episode,
    description: fromBase64(episode.description),
    packets: episode.packets.map((p) => ({ ...p, data: fromBase64(p.data) })),
  };
}
