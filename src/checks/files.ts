import picomatch from 'picomatch';
import { defineCheck } from '../core/check.js';
import { schemaParts } from '../policy/schema.js';
import { compileGlobs } from '../util/globs.js';

interface SensitiveName {
  glob: string;
  what: string;
  severity?: 'error' | 'warning';
}

/** Files whose mere presence in a repository means a credential was committed. Matched by name only. */
const SENSITIVE: SensitiveName[] = [
  { glob: 'id_rsa', what: 'an SSH private key' },
  { glob: 'id_dsa', what: 'an SSH private key' },
  { glob: 'id_ecdsa', what: 'an SSH private key' },
  { glob: 'id_ed25519', what: 'an SSH private key' },
  { glob: '*.ppk', what: 'a PuTTY private key' },
  { glob: '*.p12', what: 'a PKCS#12 key store' },
  { glob: '*.pfx', what: 'a PKCS#12 key store' },
  { glob: '*.jks', what: 'a Java key store' },
  { glob: '*.keystore', what: 'a key store' },
  { glob: '*.kdbx', what: 'a KeePass password database' },
  { glob: '.git-credentials', what: 'stored git credentials' },
  { glob: '.netrc', what: 'a .netrc file with login credentials' },
  { glob: '_netrc', what: 'a .netrc file with login credentials' },
  { glob: '.pgpass', what: 'a PostgreSQL password file' },
  { glob: '.htpasswd', what: 'an Apache password file' },
  { glob: '**/.aws/credentials', what: 'AWS CLI credentials' },
  { glob: '**/.docker/config.json', what: 'Docker registry credentials', severity: 'warning' },
  { glob: '*.tfstate', what: 'Terraform state, which stores resource secrets in clear text' },
  { glob: '*.tfstate.backup', what: 'Terraform state, which stores resource secrets in clear text' },
  { glob: '*.ovpn', what: 'an OpenVPN profile, which usually embeds its private key', severity: 'warning' },
];

export default defineCheck<{ allow?: string[] }>({
  meta: {
    id: 'files',
    title: 'Sensitive files',
    description: 'Files that are credentials by their nature (private keys, key stores, password files, Terraform state) must not be committed.',
    covers: ['No hardcoded secrets', 'Double-check that `.env.local` remains git-ignored and that any git history cleanup steps have been performed if secrets were rotated.'],
    rules: [
      {
        id: 'files/sensitive-file',
        title: 'Credential file committed',
        description: 'A file that is a credential by its name and kind is in the repository.',
        severity: 'error',
        securitySeverity: 8.0,
      },
    ],
    settings: {
      allow: { ...schemaParts.globList, description: 'Paths allowed although their names look sensitive (e.g. test key stores).' },
    },
  },
  create(ctx, settings) {
    const allowed = compileGlobs(settings.allow ?? []);
    const matchers = SENSITIVE.map((s) => ({ ...s, test: compileGlobs([s.glob]) }));
    // A path can match only if one of its segments matches a glob's last segment: one regex per segment
    // first, the globs only for the few paths that pass (a monorepo lists 100,000 files).
    const lastSegments = SENSITIVE.map((s) => picomatch.makeRe(s.glob.slice(s.glob.lastIndexOf('/') + 1), { dot: true }).source);
    const maybe = new RegExp(lastSegments.join('|'));
    return {
      finish() {
        for (const file of ctx.files) {
          if (file.kind === 'missing' || !file.path.split('/').some((segment) => maybe.test(segment))) continue;
          if (allowed(file.path) || ctx.isIgnored(file.path)) continue;
          const hit = matchers.find((m) => m.test(file.path));
          if (!hit) continue;
          ctx.report({
            ruleId: 'files/sensitive-file',
            severity: hit.severity,
            message: `${file.path} looks like ${hit.what}. Remove it from the repository, rotate what it contains, and purge it from history.`,
            location: { path: file.path },
            identity: file.path,
            help: 'Delete the file, add its name to `.gitignore`, rotate the credential, then rewrite history (`git filter-repo --invert-paths --path <file>`), because the file stays in every clone otherwise.',
          });
        }
      },
    };
  },
});
