import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CitedError, isCitedError } from '../errors.js';
import type { IndexedDocument, SearchIndex } from '../index/index.js';
import { parseDocument, typeFromName } from '../ingest/index.js';
import type { DocumentEntry, DocumentType } from '../types.js';
import type { IndexLifecycle } from './index-lifecycle.js';

/**
 * The document API's work (list, upload, delete) on the corpus folder itself: an upload is a file written there and
 * a delete a file removed, each followed by an incremental ingest and an atomic swap. So every change goes through
 * the one-writer lock, is on disk (a restart, `cited ingest` and every worker see it), and the corpus folder stays
 * the one truth a user can look at.
 */

/** The extension a stored upload gets for its sniffed type (a name that already fits keeps its own). */
const EXTENSION: Record<DocumentType, string> = {
  text: '.txt',
  markdown: '.md',
  html: '.html',
  pdf: '.pdf',
  docx: '.docx',
};
/** How long a change waits for another process's ingest to finish: longer than an upload's ingest of a few files. */
const BUSY_WAIT_MS = 30_000;
/** Between tries while another process holds the writer lock. */
const BUSY_RETRY_MS = 250;
/** Longest stored file name (bytes are UTF-16 units here; file systems allow 255 bytes, UTF-8 needs up to 3 each). */
const MAX_NAME = 80;

export interface DocumentAdminOptions {
  lifecycle: IndexLifecycle;
  maxFileBytes: number;
}

export interface Uploaded {
  entry: DocumentEntry;
  /** False when the upload replaced a document of the same name. */
  created: boolean;
}

/** A listing entry for an indexed document. */
function entryOf(doc: IndexedDocument, index: SearchIndex): DocumentEntry {
  return {
    id: doc.id,
    title: doc.title,
    ...(doc.date ? { date: doc.date } : {}),
    // Indexes written before types were recorded: the name says it (they were all text, Markdown or HTML).
    type: doc.type ?? typeFromName(doc.path) ?? 'text',
    ...(doc.pageStarts ? { pages: doc.pageStarts.length } : {}),
    chunks: index.chunkCount(doc.id),
    sha256: doc.sha256,
    ...(doc.warnings?.length ? { warnings: doc.warnings } : {}),
  };
}

/**
 * A file name safe to create in the corpus folder from what a client sent: its last path part only, no control or
 * reserved characters, no leading dot (hidden files are never read), and the extension of the type its bytes are.
 */
function storedName(sent: string, type: DocumentType): string {
  const raw = basename(sent.replace(/\\/g, '/'));
  let stem = raw.slice(0, raw.length - extname(raw).length);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  stem = stem.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-').replace(/^[.\s-]+|[.\s]+$/g, '');
  const fits = typeFromName(raw) === type;
  const ext = fits ? extname(raw) : EXTENSION[type];
  return `${(stem || 'upload').slice(0, MAX_NAME)}${ext}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DocumentAdmin {
  /** Changes in this process, one after another; other processes are kept out by the writer lock. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DocumentAdminOptions) {}

  list(): DocumentEntry[] {
    const index = this.opts.lifecycle.current();
    return index.documents().map((d) => entryOf(d, index));
  }

  /** Checks the file (type, size, readable), stores it in the corpus folder and ingests. */
  async add(name: string, bytes: Uint8Array): Promise<Uploaded> {
    if (bytes.length > this.opts.maxFileBytes) {
      throw new CitedError('PAYLOAD_TOO_LARGE', `the file is over the ${this.opts.maxFileBytes} byte limit`);
    }
    // Read before it is stored: a file of another type (415) or one the loaders cannot read (422) never reaches the
    // corpus folder; the type it was read as names the stored file.
    const { type } = await parseDocument(bytes, name, 'upload');
    return this.serially(async () => {
      await this.opts.lifecycle.checkOwnCorpus();
      const path = join(this.folder(), storedName(name, type));
      const created = !existsAsFile(path);
      writeAtomically(path, bytes);
      const index = await this.ingest();
      const doc = index.documents().find((d) => d.path === path);
      if (!doc) {
        rmSync(path, { force: true });
        await this.ingest();
        throw new CitedError('DOCUMENT_UNREADABLE', `${basename(path)} was not indexed`);
      }
      return { entry: entryOf(doc, index), created };
    });
  }

  /**
   * Removes a document's file from the corpus folder and ingests; false when there is no such document. The last
   * document is kept (an index of nothing answers nothing, and ingest refuses an empty corpus), and a failed ingest
   * puts the file back, so a refused delete loses nothing.
   */
  async remove(id: string): Promise<boolean> {
    return this.serially(async () => {
      const index = this.opts.lifecycle.current();
      const doc = index.document(id);
      if (!doc) return false;
      await this.opts.lifecycle.checkOwnCorpus();
      if (index.size.documents === 1) {
        throw new CitedError('INVALID_REQUEST', 'the last document cannot be removed: upload another one first');
      }
      const kept = readFileSync(doc.path);
      // The index names files it read from the corpus roots; removing the name removes a link, never its target.
      rmSync(doc.path, { force: true });
      try {
        await this.ingest();
      } catch (e) {
        writeAtomically(doc.path, kept);
        throw e;
      }
      return true;
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  /** The folder uploads go to: the live index's first root, which must be a folder. */
  private folder(): string {
    const root = this.opts.lifecycle.current().roots[0];
    if (!root || !statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
      throw new CitedError('CONFIG_INVALID', 'uploads need the corpus to be a folder (CITED_CORPUS_DIR)');
    }
    return realpathSync(root);
  }

  /** Re-reads the live index's roots, waiting while another process writes the index. */
  private async ingest(): Promise<SearchIndex> {
    const give = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      try {
        return (await this.opts.lifecycle.reingest()).index;
      } catch (e) {
        if (!isCitedError(e) || e.code !== 'INDEX_BUSY' || Date.now() > give) throw e;
        await sleep(BUSY_RETRY_MS);
      }
    }
  }
}

const existsAsFile = (path: string) => lstatSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/**
 * Written beside its final name under a hidden name (the corpus walk skips dot files), then renamed over it: a
 * reader or an ingest sees the old file or the new one, never half of one. A rename replaces a link at that name
 * rather than writing through it.
 */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = join(path, '..', `.upload-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(temp, bytes, { flag: 'wx' });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new CitedError('INDEX_WRITE_FAILED', `cannot store ${basename(path)}: ${(e as Error).message}`, { cause: e });
  }
}
