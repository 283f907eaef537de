import type { FileTask } from '../../core/check.js';
import type { SourceFile } from '../../sources/source-file.js';
import type { LocatedDynamic, LocatedRead, Span } from './model.js';
import { compileReader, readEnv, type CustomReader } from './readers/index.js';
import type { Accessor } from './readers/types.js';

export interface ReadsConfig {
  /** The policy's custom readers (`checks.env.readers`), as written. */
  readers: string[];
}

/**
 * The reads of one file, in columns (a worker sends millions of reads in a big repository: a few arrays
 * per file cost the receiving thread far less than an object per read).
 */
export interface FileReads {
  names: string[];
  vias: string[];
  /** line, column, endLine, endColumn of each read. */
  places: Int32Array;
  /** Bits: 1 caseInsensitive, 2 optional, 4 importMeta, 8 valueDefault, 16 declared, 32 nullable. */
  flags: Uint8Array;
  /** By read index: the variables read in its place. */
  alternatives: Record<number, string[]>;
  dynamic: LocatedDynamic[];
  /** Build-time constants the file defines. */
  constants: string[];
  accessors: Accessor[];
  /** Calls with a literal UPPER_CASE first argument, located. */
  calls: LocatedCall[];
}

export interface LocatedCall extends Span {
  callee: string;
  name: string;
  more?: true;
}

/** Compiles the policy's readers; the first invalid one is an error naming its index. */
export function compileReaders(patterns: readonly string[]): CustomReader[] {
  return patterns.map((pattern, index) => {
    const compiled = compileReader(pattern, index);
    if (typeof compiled === 'string') throw new Error(`readers[${index}] "${pattern}" ${compiled}`);
    return compiled;
  });
}

/** The variables one code file reads, located: the per-file half of the env check, in any thread. */
export const readsTask: FileTask<ReadsConfig, FileReads> = {
  prepare(config) {
    const custom = compileReaders(config.readers);
    return (file: SourceFile) => {
      const result = readEnv(file.path, file.text, custom);
      const n = result.reads.length;
      const out: FileReads = { names: [], vias: [], places: new Int32Array(n * 4), flags: new Uint8Array(n), alternatives: {}, dynamic: [], constants: result.constants ?? [], accessors: result.accessors ?? [], calls: [] };
      result.reads.forEach((r, i) => {
        const at = file.span(r.start, r.end);
        out.names.push(r.name);
        out.vias.push(r.via);
        out.places.set([at.line, at.column, at.endLine, at.endColumn], i * 4);
        out.flags[i] = (r.caseInsensitive ? 1 : 0) | (r.optional ? 2 : 0) | (r.importMeta ? 4 : 0) | (r.valueDefault ? 8 : 0) | (r.declared ? 16 : 0) | (r.nullable ? 32 : 0);
        if (r.alternatives?.length) out.alternatives[i] = r.alternatives;
      });
      out.dynamic = result.dynamic.map((d) => ({ ...d, path: file.path, ...file.span(d.start, d.end) }));
      // Only the calls of names this check could not otherwise see: a file that reads nothing itself may
      // still call an accessor defined elsewhere.
      out.calls = (result.calls ?? []).map((c) => ({ callee: c.callee, name: c.name, ...file.span(c.start, c.end), ...(c.more ? { more: true } : {}) }));
      return out;
    };
  },
};

/**
 * The reads of one file as objects, each compact (every field set at once, so V8 keeps them inside the
 * object; the flags only when true). `intern` gives one copy of each repeated string.
 */
export function readsOf(path: string, found: FileReads, intern: (text: string) => string): LocatedRead[] {
  const reads: LocatedRead[] = [];
  const p = found.places;
  for (let i = 0; i < found.names.length; i++) {
    const k = i * 4;
    const read: LocatedRead = { name: intern(found.names[i] as string), via: intern(found.vias[i] as string), path, line: p[k] as number, column: p[k + 1] as number, endLine: p[k + 2] as number, endColumn: p[k + 3] as number };
    const f = found.flags[i] as number;
    if (f & 1) read.caseInsensitive = true;
    if (f & 2) read.optional = true;
    if (f & 4) read.importMeta = true;
    if (f & 8) read.valueDefault = true;
    if (f & 16) read.declared = true;
    if (f & 32) read.nullable = true;
    const alternatives = found.alternatives[i];
    if (alternatives) read.alternatives = alternatives;
    reads.push(read);
  }
  return reads;
}
