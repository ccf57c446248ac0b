/** The viewport on screen, for commands that need where it looks (the object library's drop point). */
import type { Viewport } from './viewport';

let active: Viewport | null = null;

/** Registers (or clears, with null) the viewport on screen. */
export function setActiveViewport(viewport: Viewport | null): void {
  active = viewport;
}

/** The viewport on screen, or null when the editor is not shown. */
export function activeViewport(): Viewport | null {
  return active;
}
