/** Folders the user chose in a dialog, known to the renderer only by opaque tokens. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FolderGrant } from '../bridge/contract';

/** Token -> absolute folder path, kept in main for the life of the process. */
export class FolderGrants {
  private readonly folders = new Map<string, string>();

  /** Records a folder the user chose and returns its token and a label to show. */
  grant(absolutePath: string): FolderGrant {
    if (!path.isAbsolute(absolutePath)) throw new Error(`a granted folder must be absolute, got "${absolutePath}"`);
    const token = `folder-${randomUUID()}`;
    this.folders.set(token, path.resolve(absolutePath));
    return { token, label: absolutePath };
  }

  /** The folder of `token`; throws when the token was never granted. */
  resolve(token: string): string {
    const folder = this.folders.get(token);
    if (folder === undefined) throw new Error(`unknown folder token "${token}": choose an output folder first`);
    return folder;
  }
}
