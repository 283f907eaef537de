import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Git } from './git.js';

/** An object as `git cat-file --batch` gives it; `data` is absent when the blob is larger than asked. */
export type BlobResult = { kind: 'blob'; size: number; data?: Buffer } | { kind: 'missing' } | { kind: 'not-a-blob' };

interface Request {
  max: number;
  resolve(result: BlobResult): void;
  reject(error: Error): void;
}

interface Body {
  request: Request;
  type: string;
  size: number;
  /** Undefined when the contents are skipped (too large, or not a blob). */
  chunks: Buffer[] | undefined;
  /** Bytes received, counting the newline git prints after the contents. */
  got: number;
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Reads objects from git's database through one `git cat-file --batch` process, started on the first
 * read: requests are written as they come and git answers them in order. A blob larger than the caller's
 * limit streams past without being kept, so a huge staged file costs no memory.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Request[] = [];
  private header = '';
  private body: Body | undefined;
  private failure: Error | undefined;
  private stderr = '';

  constructor(private readonly git: Git) {}

  read(oid: string, max: number): Promise<BlobResult> {
    if (!OBJECT_ID.test(oid)) return Promise.reject(new Error(`not an object id: ${oid}`));
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ max, resolve, reject });
      child.stdin.write(`${oid}\n`);
    });
  }

  /** Ends the git process once it has answered what was asked. */
  close(): void {
    this.child?.stdin.end();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = this.git.spawn(['cat-file', '--batch']);
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        this.receive(chunk);
      } catch (error) {
        this.fail(error as Error);
        child.kill();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (this.stderr.length < 4096) this.stderr += text;
    });
    child.stdin.on('error', (error) => this.fail(error));
    child.on('error', (error) => this.fail(error));
    child.on('close', (code) => {
      if (this.queue.length || this.body) this.fail(new Error(`git cat-file ended (${code ?? 'signal'}) with reads pending: ${this.stderr.trim()}`));
    });
    return child;
  }

  private receive(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const body = this.body;
      if (body) {
        const take = Math.min(body.size + 1 - body.got, chunk.length - offset);
        body.chunks?.push(chunk.subarray(offset, offset + take));
        body.got += take;
        offset += take;
        if (body.got === body.size + 1) {
          this.body = undefined;
          if (body.type !== 'blob') body.request.resolve({ kind: 'not-a-blob' });
          else body.request.resolve({ kind: 'blob', size: body.size, ...(body.chunks ? { data: Buffer.concat(body.chunks).subarray(0, body.size) } : {}) });
        }
        continue;
      }
      const newline = chunk.indexOf(10, offset);
      if (newline === -1) {
        this.header += chunk.toString('latin1', offset);
        return;
      }
      const line = this.header + chunk.toString('latin1', offset, newline);
      this.header = '';
      offset = newline + 1;
      const request = this.queue.shift();
      if (!request) throw new Error(`git cat-file answered what was not asked: ${line.slice(0, 80)}`);
      // "<oid> <type> <size>", or "<oid> missing" (and "ambiguous", which a full id never is).
      const match = /^[0-9a-f]+ (\S+) (\d+)$/.exec(line);
      if (!match) {
        request.resolve({ kind: 'missing' });
        continue;
      }
      const type = match[1] as string;
      const size = Number(match[2]);
      this.body = { request, type, size, chunks: type === 'blob' && size <= request.max ? [] : undefined, got: 0 };
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = [...(this.body ? [this.body.request] : []), ...this.queue.splice(0)];
    this.body = undefined;
    for (const request of pending) request.reject(this.failure);
  }
}
