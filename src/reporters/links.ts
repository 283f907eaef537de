/**
 * Links into the repository on GitHub, for Markdown. Paths are the repository's text: each segment is
 * percent-encoded (parentheses too, which would end a Markdown link destination), so a path can neither
 * break out of the link nor point elsewhere.
 */
export interface RepositoryLinks {
  /** The repository's page: `https://github.com/octo-org/helpdesk`. */
  repository: string;
  /** The commit the files are shown at (the pull request's head). */
  ref?: string;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

const SHA = /^[0-9a-f]{7,64}$/;

/** The file at a commit (the head by default), at a line when given; undefined without a commit to show. */
export function fileUrl(links: RepositoryLinks | undefined, path: string, line?: number, ref?: string): string | undefined {
  const at = ref ?? links?.ref;
  if (!links || !at || !SHA.test(at)) return undefined;
  return `${links.repository}/blob/${at}/${encodePath(path)}${line ? `#L${line}` : ''}`;
}

export function commitUrl(links: RepositoryLinks | undefined, sha: string): string | undefined {
  if (!links || !SHA.test(sha)) return undefined;
  return `${links.repository}/commit/${sha}`;
}

/** `[text](url)`, or the text alone without a url. The text must already be Markdown-safe. */
export function linked(text: string, url: string | undefined): string {
  return url ? `[${text}](${url})` : text;
}
