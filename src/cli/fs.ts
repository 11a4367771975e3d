/** Reading and atomic writing of the files the CLI changes. */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Writes `text` to `file` atomically: a temporary file in the same folder,
 * flushed, then renamed over the target (keeping its mode). A reader sees the
 * old file or the new one, never half of it.
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  let mode = 0o666;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    // a new file
  }
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      writeSync(fd, text, null, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw error;
  }
}

/**
 * Whether `file` is read-only: no write permission for anyone (the owner's
 * own choice, which even root is held to here), or none for this user.
 * Renaming a new file over it would replace it all the same, so the
 * codemods ask first.
 */
export function isReadOnly(file: string): boolean {
  try {
    if ((statSync(file).mode & 0o222) === 0) return true;
    accessSync(file, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Creates `file` with `text` only if it does not exist yet, atomically: the
 * text is written to a temporary file that is then hard-linked into place
 * (which fails if another process created the file first). Returns whether
 * this call created it.
 */
export function createFileOnce(file: string, text: string): boolean {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileAtomic(temp, text);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * The texts of the files one run reads, each read from disk once: the audit's
 * gates, its import gate and the sync search ask for the same files in turn.
 * Null for a file that cannot be read.
 */
export class RunTexts {
  private readonly texts = new Map<string, string | null>();

  read(file: string): string | null {
    let text = this.texts.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = null;
      }
      this.texts.set(file, text);
    }
    return text;
  }
}
