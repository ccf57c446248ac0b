/**
 * A drop zone for reference media: files dropped on it, files chosen in
 * the browser's file picker, or (when `onFolder` is given) a folder opened
 * through the host. What the files are is the caller's to check.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';

/** File types the picker offers: videos (MP4, WebM, MOV, MKV) and images (PNG, JPEG, WebP, BMP). */
export const MEDIA_ACCEPT = 'video/mp4,video/webm,video/quicktime,video/x-matroska,.mp4,.m4v,.webm,.mov,.mkv,image/png,image/jpeg,image/webp,image/bmp,.png,.jpg,.jpeg,.webp,.bmp';

interface Props {
  /** What the zone is for, read by screen readers. */
  label: string;
  /** The line shown in the zone. */
  hint: ReactNode;
  onFiles(files: File[]): void;
  /** Opens a folder through the host (a button beside the file picker). */
  onFolder?: () => void;
  disabled?: boolean;
  children?: ReactNode;
}

/** The drop zone. */
export function DropZone({ label, hint, onFiles, onFolder, disabled = false, children }: Props) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const accept = (event: DragEvent): void => {
    if (disabled || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}${disabled ? ' disabled' : ''}`}
      role="group"
      aria-label={label}
      onDragEnter={accept}
      onDragOver={accept}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (!disabled && event.dataTransfer.files.length > 0) onFiles([...event.dataTransfer.files]);
      }}
    >
      <p className="drop-hint">{hint}</p>
      <div className="drop-actions">
        <button type="button" disabled={disabled} title="Choose video or image files" onClick={() => input.current?.click()}>
          Choose files…
        </button>
        {onFolder && (
          <button type="button" disabled={disabled} title="Open a folder of images or videos" onClick={onFolder}>
            Choose folder…
          </button>
        )}
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={MEDIA_ACCEPT}
          aria-label={`${label}: files`}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
      </div>
      {children}
    </div>
  );
}
