/** A policy file in another repository: `owner/repo/path/to/policy.yml@ref`. */
export interface RemoteRef {
  owner: string;
  repo: string;
  path: string;
  ref: string;
}

export type RemoteFetcher = (ref: RemoteRef) => Promise<string>;

const REMOTE = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})\/([^@\s]+\.ya?ml)@([A-Za-z0-9._/-]{1,255})$/;

export function parseRemoteRef(spec: string): RemoteRef | undefined {
  const m = REMOTE.exec(spec);
  if (!m) return undefined;
  const [, owner, repo, path, ref] = m as unknown as [string, string, string, string, string];
  if (path.split('/').some((p) => p === '..' || p === '.' || p === '') || ref.includes('..')) return undefined;
  return { owner, repo, path, ref };
}

export function formatRemoteRef(ref: RemoteRef): string {
  return `${ref.owner}/${ref.repo}/${ref.path}@${ref.ref}`;
}

export class RemotePolicyError extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }

  /** The API's HTTP status, when it answered. */
  readonly status: number | undefined;
}

const MAX_REMOTE_BYTES = 512 * 1024;

/**
 * Reads a file through GitHub's contents API (`GET /repos/{owner}/{repo}/contents/{path}?ref=`), raw. The
 * workflow token only reads its own repository: a shared policy in another private repository needs a
 * token with `contents: read` there.
 */
export function githubContentsFetcher(options: { apiUrl: string; token?: string; fetch?: typeof fetch }): RemoteFetcher {
  const doFetch = options.fetch ?? fetch;
  return async (ref) => {
    const path = ref.path.split('/').map(encodeURIComponent).join('/');
    const url = `${options.apiUrl.replace(/\/$/, '')}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/contents/${path}?ref=${encodeURIComponent(ref.ref)}`;
    const headers: Record<string, string> = {
      accept: 'application/vnd.github.raw+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'security-gate',
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await doFetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(20_000) });
    } catch (error) {
      throw new RemotePolicyError(`cannot reach the GitHub API (${(error as Error).message})`, { cause: error });
    }
    if (response.status === 404) {
      throw new RemotePolicyError(`not found, or the token cannot read ${ref.owner}/${ref.repo} (a shared policy in another private repository needs a token with contents: read there)`, { status: 404 });
    }
    if (response.status === 401 || response.status === 403) {
      throw new RemotePolicyError(`the GitHub API refused access (${response.status}); ${options.token ? 'the token cannot read that repository' : 'no token was given (set GITHUB_TOKEN)'}`, { status: response.status });
    }
    if (!response.ok) throw new RemotePolicyError(`the GitHub API answered ${response.status}`, { status: response.status });
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_REMOTE_BYTES) throw new RemotePolicyError(`the file is larger than ${MAX_REMOTE_BYTES / 1024} KiB`);
    return text;
  };
}
