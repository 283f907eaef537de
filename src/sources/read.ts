import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SourceFile, type TextEncoding } from './source-file.js';

export type SkipReason = 'binary' | 'too-large' | 'symlink' | 'unreadable' | 'missing' | 'other';

export type ReadResult = { file: SourceFile; skipped?: undefined } | { file?: undefined; skipped: SkipReason };

/** What a read came to, without the text: what a worker thread tells the main thread. */
export type ReadOutcome = { size: number; encoding: TextEncoding; skipped?: undefined } | { skipped: SkipReason };

export function outcomeOf(result: ReadResult): ReadOutcome {
  return result.file ? { size: result.file.size, encoding: result.file.encoding } : { skipped: result.skipped };
}

/** Extensions whose content is never text; skipped without reading. */
const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp avif tif tiff psd heic icns cur ' +
    'zip gz tgz bz2 xz 7z rar zst lz4 jar war ear apk ipa aar whl egg nupkg crx xpi ' +
    'pdf doc docx xls xlsx ppt pptx odt ods odp epub ' +
    'woff woff2 ttf otf eot ' +
    'mp3 mp4 m4a m4v mov avi mkv webm wav flac ogg oga ogv opus aac wma wmv flv ' +
    'exe dll so dylib o a lib obj class pyc pyo wasm node bin dat pak ' +
    'sqlite sqlite3 db mdb parquet avro orc npy npz pkl pt onnx h5 tflite ' +
    'iso img dmg vmdk qcow2 deb rpm msi cab'
  ).split(' '),
);

export function hasBinaryExtension(path: string): boolean {
  return BINARY_EXTENSIONS.has(extname(path).slice(1).toLowerCase());
}

/**
 * Binary means: NUL bytes or many control characters in the first 8 KiB, as git decides. A text file with
 * the odd NUL byte stays text so that it is still scanned.
 */
export function looksBinary(buffer: Buffer): boolean {
  const n = Math.min(buffer.length, 8192);
  if (n === 0) return false;
  let nul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buffer[i] as number;
    if (b === 0) nul++;
    else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27 && b !== 8) control++;
  }
  if (nul === 0) return control / n > 0.3;
  return (nul + control) / n > 0.02 || nul > 16;
}

/** Decodes with BOM detection; invalid UTF-8 falls back to Latin-1 so that ASCII secrets keep their columns. */
export function decodeText(buffer: Buffer): { text: string; encoding: TextEncoding } | undefined {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: buffer.subarray(2).toString('utf16le'), encoding: 'utf16le' };
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2));
    swapped.subarray(0, swapped.length - (swapped.length % 2)).swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf16be' };
  }
  if (looksBinary(buffer)) return undefined;
  const start = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const body = start ? buffer.subarray(start) : buffer;
  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf8' };
  return { text: body.toString('latin1'), encoding: 'latin1' };
}

export interface ReadLimits {
  /** Files larger than this are skipped (and counted). */
  maxFileSize: number;
}

/**
 * Reads one regular file without following symlinks (O_NOFOLLOW: a file swapped for a symlink after listing
 * is refused), then decodes it. O_NONBLOCK keeps a FIFO swapped in from blocking the run. `knownSize` (from
 * the listing) lets an oversized file be skipped without opening it; the size read is checked again.
 */
export async function readSource(root: string, path: string, limits: ReadLimits, knownSize?: number): Promise<ReadResult> {
  if (hasBinaryExtension(path)) return { skipped: 'binary' };
  if (knownSize !== undefined && knownSize > limits.maxFileSize) return { skipped: 'too-large' };
  if (knownSize === undefined) {
    // Not from the listing (an audit report written by an earlier step): look before reading a whole file.
    try {
      const stats = await lstat(join(root, path));
      if (stats.isSymbolicLink()) return { skipped: 'symlink' };
      if (!stats.isFile()) return { skipped: 'other' };
      if (stats.size > limits.maxFileSize) return { skipped: 'too-large' };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { skipped: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
    }
  }
  let buffer: Buffer;
  try {
    buffer = readWhole(join(root, path), limits.maxFileSize);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { skipped: 'symlink' };
    if (code === 'ETOOLARGE') return { skipped: 'too-large' };
    if (code === 'EISDIR' || code === 'EAGAIN' || code === 'ENOTREG') return { skipped: 'other' };
    return { skipped: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
  }
  const decoded = decodeText(buffer);
  if (!decoded) return { skipped: 'binary' };
  return { file: new SourceFile(path, decoded.text, buffer.length, decoded.encoding) };
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function fail(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/**
 * Synchronous on purpose: files come from the page cache, and four thread-pool round trips per file
 * (open, fstat, read, close) cost more than the reading itself (3× on a 65 MB tree, see bench/secrets.ts).
 * Checks that read in parallel do so in worker threads, each with its own synchronous reads.
 */
function readWhole(file: string, maxSize: number): Buffer {
  const fd = openSync(file, READ_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw fail('ENOTREG');
    if (stats.size > maxSize) throw fail('ETOOLARGE');
    const buffer = Buffer.allocUnsafe(stats.size);
    let length = 0;
    while (length < stats.size) {
      const n = readSync(fd, buffer, length, stats.size - length, null);
      if (n === 0) break; // truncated since fstat
      length += n;
    }
    return length < stats.size ? buffer.subarray(0, length) : buffer;
  } finally {
    closeSync(fd);
  }
}
