import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Which copy of the corpus a version was read from: for each root, its folder's inode number and birth time. The
 * folders of two machines at the same path differ in these, while a folder shared over the network (the server's
 * file ids) or the same folder after a restart keeps them. A shared store records it so that a replica never
 * rebuilds the index everyone serves from its own machine's copy of the corpus, which may differ or be absent.
 * A file given as a root is known by its folder: replacing the file (an atomic rename) must not make it another copy.
 */
export function corpusSource(roots: readonly string[]): string[] {
  return roots.map(folderIdentity);
}

/** Whether two sources name the same folders (a version written before sources were recorded has none: it does). */
export function sameSource(recorded: readonly string[] | undefined, here: readonly string[]): boolean {
  return !recorded || (recorded.length === here.length && recorded.every((id, i) => id === here[i]));
}

const ABSENT = 'absent';

function folderIdentity(root: string): string {
  const stat = statSync(root, { bigint: true, throwIfNoEntry: false });
  const folder = stat && !stat.isDirectory() ? statSync(dirname(root), { bigint: true, throwIfNoEntry: false }) : stat;
  return folder ? `${folder.ino}:${folder.birthtimeNs}` : ABSENT;
}
