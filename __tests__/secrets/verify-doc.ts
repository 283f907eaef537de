// Renders the provider table of docs/secrets-verify.md from VERIFIERS, so that it cannot drift from the code.
import type { VerifierSpec } from '../../src/checks/secrets/verify/types.js';

export const START = '<!-- verifiers: generated from src/checks/secrets/verify/providers by __tests__/secrets/verify-doc.ts; regenerate with UPDATE_SECRETS_DOCS=1 -->';
export const END = '<!-- /verifiers -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderVerifierTable(verifiers: readonly VerifierSpec[]): string {
  const rows = [...verifiers]
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id))
    .map((v) => {
      const rules = v.rules.map((r) => `\`${r}\``).join(', ');
      const partner = v.partner ? ` (with its ${v.partner.what})` : '';
      const hosts = v.hosts.map((h) => `\`${h}\``).join(', ');
      const note = v.rejectionIsNotProof ? ' A rejection is `unknown` (`not-authoritative`): self-hosted installations issue the same format.' : '';
      return `| ${cell(v.provider)} | ${rules}${partner} | ${hosts} | [\`${cell(v.endpoint)}\`](${v.docs})${note} |`;
    });
  return [START, '', `${verifiers.length} verifiers.`, '', '| provider | rules | host (HTTPS, port 443) | request |', '| --- | --- | --- | --- |', ...rows, '', END].join('\n');
}
