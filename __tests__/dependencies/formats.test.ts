import { describe, expect, it } from 'vitest';
import { parseAuditText } from '../../src/checks/dependencies/formats/detect.js';
import { parseNpm7 } from '../../src/checks/dependencies/formats/npm7.js';
import type { AuditOutcome, ParsedReport } from '../../src/checks/dependencies/model.js';
import { fixture, reportsOf, scenarios } from './helpers.js';
import { monorepoNpm7Report } from './monorepo.js';

function report(outcome: AuditOutcome): ParsedReport {
  if (outcome.kind !== 'report') throw new Error(`expected a report, got: ${outcome.reason}`);
  return outcome.report;
}

function reason(outcome: AuditOutcome): string {
  if (outcome.kind !== 'unavailable') throw new Error(`expected unavailable, got a ${outcome.report.format} report`);
  return outcome.reason;
}

/** `key package severity` per vulnerability, sorted: the compact form to assert on. */
function keys(r: ParsedReport): string[] {
  return r.vulnerabilities.map((v) => `${v.advisory.key} ${v.package} ${v.advisory.severity}`).sort();
}

describe('format detection over every recorded fixture', () => {
  const expected: Record<string, string> = {
    'npm-output.json': 'npm6',
    'npm7-output.json': 'npm7',
    'pnpm-output.json': 'pnpm',
    'output.jsonl': 'yarn-classic',
    'output.json': 'yarn-berry',
  };
  for (const scenario of scenarios()) {
    for (const file of reportsOf(scenario)) {
      it(`${scenario}/${file}`, () => {
        const text = fixture(scenario, file);
        const outcome = parseAuditText(text, scenario.startsWith('pnpm') ? { hint: 'pnpm' } : {});
        if (scenario === 'yarn-4-workspace-empty') {
          // Yarn 4 prints nothing when it finds nothing; so does a step that never ran. Never clean by itself.
          expect(reason(outcome)).toMatch(/the report is empty/);
          return;
        }
        const r = report(outcome);
        expect(r.format).toBe(expected[file]);
        const none = /-(none|workspace-empty)$/.test(scenario);
        expect(r.vulnerabilities.length > 0).toBe(!none);
      });
    }
  }
});

describe('npm 7+ (auditReportVersion 2)', () => {
  it('takes only object entries of via as advisories and rebuilds paths by walking effects', () => {
    const r = report(parseAuditText(fixture('npm-allowlisted-path', 'npm7-output.json')));
    expect(keys(r)).toEqual([
      'GHSA-42xw-2xvc-qx8m axios high',
      'GHSA-4w2v-q235-vp99 axios high',
      'GHSA-74fj-2j2h-c42q follow-redirects high',
      'GHSA-cph5-m8f7-6c5x axios high',
      'GHSA-pw2r-vq6v-hr8c follow-redirects moderate',
    ]);
    const fr = r.vulnerabilities.find((v) => v.advisory.key === 'GHSA-74fj-2j2h-c42q');
    expect(fr?.paths).toEqual(['axios>follow-redirects', 'github-build>axios>follow-redirects']);
    expect(fr?.direct).toBe(false);
    expect(fr?.fix).toEqual({ available: true, name: 'axios', version: '0.26.0', semverMajor: true, fromReport: true });
    expect(fr?.nodes).toEqual(['node_modules/follow-redirects', 'node_modules/github-build/node_modules/follow-redirects']);
    const axios = r.vulnerabilities.find((v) => v.advisory.key === 'GHSA-cph5-m8f7-6c5x');
    expect(axios?.paths).toEqual(['axios', 'github-build>axios']);
    expect(axios?.advisory).toMatchObject({ sourceId: '1038749', title: 'Incorrect Comparison in axios', url: 'https://github.com/advisories/GHSA-cph5-m8f7-6c5x', vulnerableRange: '<=0.21.1' });
  });

  it('the fast path reads every recorded report exactly as the checked path does', () => {
    for (const scenario of scenarios().filter((s) => s.startsWith('npm-'))) {
      const files = reportsOf(scenario).filter((f) => f === 'npm7-output.json');
      for (const file of files) {
        const data = JSON.parse(fixture(scenario, file));
        expect(parseNpm7(data)).toEqual(parseNpm7(data, { checkedOnly: true }));
      }
    }
    const monorepo = JSON.parse(monorepoNpm7Report());
    expect(parseNpm7(monorepo)).toEqual(parseNpm7(monorepo, { checkedOnly: true }));
  });

  it('keeps CVSS, CWE and the vulnerable range', () => {
    const r = report(parseAuditText(fixture('npm-high', 'npm7-output.json')));
    expect(r.vulnerabilities).toHaveLength(1);
    expect(r.vulnerabilities[0]?.advisory).toEqual({
      key: 'GHSA-hrpp-h998-j3pp',
      ghsa: 'GHSA-hrpp-h998-j3pp',
      cves: [],
      sourceId: '1094102',
      title: 'qs vulnerable to Prototype Pollution',
      url: 'https://github.com/advisories/GHSA-hrpp-h998-j3pp',
      severity: 'high',
      cvss: { score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
      cwes: ['CWE-1321'],
      vulnerableRange: '>=6.10.0 <6.10.3',
    });
    expect(r.dependencyCount).toBe(9);
  });

  it('rejects a report whose metadata does not match its entries, and other versions', () => {
    const data = JSON.parse(fixture('npm-high', 'npm7-output.json'));
    data.vulnerabilities = {};
    expect(reason(parseAuditText(JSON.stringify(data)))).toMatch(/metadata.vulnerabilities.total says 1 vulnerable package\(s\) but the report lists 0/);
    expect(reason(parseAuditText(JSON.stringify({ ...data, auditReportVersion: 3 })))).toMatch(/auditReportVersion 3 is not supported/);
  });
});

describe('npm 6, pnpm and Yarn 2/3 (the advisories shape)', () => {
  it('npm 6: one vulnerability per advisory with every path and its dev flag', () => {
    const r = report(parseAuditText(fixture('npm-allowlisted-path', 'npm-output.json')));
    expect(r.format).toBe('npm6');
    const fr = r.vulnerabilities.find((v) => v.advisory.key === 'GHSA-74fj-2j2h-c42q');
    expect(fr).toMatchObject({
      package: 'follow-redirects',
      versions: ['1.0.0'],
      paths: ['axios>follow-redirects', 'github-build>axios>follow-redirects'],
      devPaths: [false, false],
      direct: false,
      fix: { available: true, name: 'axios', version: '0.26.0', semverMajor: false, fromReport: true },
    });
    expect(fr?.advisory).toMatchObject({ cves: ['CVE-2022-0155'], patchedRange: '>=1.14.7', cwes: ['CWE-359'], cvss: { score: 8 } });
    const skip = report(parseAuditText(fixture('npm-skip-dev', 'npm-output.json')));
    expect(skip.vulnerabilities[0]).toMatchObject({ package: 'open', paths: ['open'], devPaths: [true], direct: true });
  });

  it('pnpm: `.>` paths name the root workspace; the report has no fixes', () => {
    const r = report(parseAuditText(fixture('pnpm-allowlisted-path', 'pnpm-output.json')));
    expect(r.format).toBe('pnpm');
    const fr = r.vulnerabilities.find((v) => v.advisory.key === 'GHSA-pw2r-vq6v-hr8c');
    expect(fr).toMatchObject({ paths: ['axios>follow-redirects'], direct: false, versions: ['1.0.0'] });
    expect(fr?.fix).toBeUndefined();
  });

  it('a clean pnpm report and a clean Yarn 2 report look alike: the lockfile next to them tells', () => {
    expect(report(parseAuditText(fixture('pnpm-none', 'pnpm-output.json'), { hint: 'pnpm' })).format).toBe('pnpm');
    expect(report(parseAuditText(fixture('yarn-2-none', 'output.json'), { hint: 'yarn-berry' })).format).toBe('yarn-berry');
    expect(report(parseAuditText(fixture('npm-none', 'npm-output.json'), { hint: 'pnpm' })).format).toBe('npm6');
  });

  it('Yarn 2/3: bare package names are not taken for paths', () => {
    const r = report(parseAuditText(fixture('yarn-3-workspace', 'output.json')));
    expect(r.pathsUnreliable).toBe(true);
    expect(keys(r)).toEqual(['GHSA-28xh-wpgr-7fm8 open critical', 'GHSA-hrpp-h998-j3pp qs high', 'GHSA-rvg8-pwq2-xj7q base64url moderate']);
    expect(r.vulnerabilities.every((v) => v.paths.length === 0 && v.direct === undefined)).toBe(true);
  });

  it('Yarn 2/3 printing the result among its own info lines', () => {
    const text = `${fixture('yarn-2-high', 'output.json').trim()}\n{"type":"info","name":null,"displayName":"YN0000","indent":"","data":"done"}\n`;
    expect(keys(report(parseAuditText(text)))).toEqual(['GHSA-hrpp-h998-j3pp qs high']);
  });

  it('metadata counting vulnerabilities with no advisories is a cut or edited report', () => {
    const data = JSON.parse(fixture('pnpm-high', 'pnpm-output.json'));
    data.advisories = {};
    expect(reason(parseAuditText(JSON.stringify(data)))).toMatch(/counts 1 vulnerability but the report lists no advisories/);
  });
});

describe('Yarn 1 (NDJSON)', () => {
  it('merges an advisory repeated once per path, keeping each path dev flag', () => {
    const r = report(parseAuditText(fixture('yarn-1-duplicate-paths', 'output.jsonl')));
    expect(r.vulnerabilities).toHaveLength(11);
    const minimist = r.vulnerabilities.find((v) => v.package === 'minimist');
    expect(minimist).toMatchObject({ paths: ['esdoc>minimist', 'minimist'], devPaths: [true, false], direct: true, versions: ['1.2.5'] });
    const nth = r.vulnerabilities.find((v) => v.package === 'nth-check');
    expect(nth?.paths).toEqual(['esdoc>cheerio>css-select>nth-check', 'esdoc>ice-cap>cheerio>css-select>nth-check']);
    expect(r.dependencyCount).toBe(150);
  });

  it('an output without its auditSummary line was cut short', () => {
    const lines = fixture('yarn-1-high', 'output.jsonl').trim().split('\n');
    expect(reason(parseAuditText(lines.slice(0, -1).join('\n')))).toMatch(/no auditSummary line: the output was cut short/);
  });

  it('error lines make the audit unavailable', () => {
    const text = '{"type":"warning","data":"package.json: No license field"}\n{"type":"error","data":"Error: https://registry.yarnpkg.invalid/-/npm/v1/security/audits/quick: Request failed \\"410 Gone\\""}\n';
    expect(reason(parseAuditText(text))).toBe('the audit failed: Error: https://registry.yarnpkg.invalid/-/npm/v1/security/audits/quick: Request failed "410 Gone"');
  });
});

describe('Yarn 4 (tree NDJSON)', () => {
  it('one line per advisory with its dependents', () => {
    const r = report(parseAuditText(fixture('yarn-4-workspace', 'output.json')));
    expect(r.format).toBe('yarn-berry');
    expect(keys(r)).toEqual(['GHSA-28xh-wpgr-7fm8 open critical', 'GHSA-hrpp-h998-j3pp qs high', 'GHSA-rvg8-pwq2-xj7q base64url moderate']);
    expect(r.vulnerabilities.find((v) => v.package === 'open')).toMatchObject({
      versions: ['0.0.5'],
      dependents: ['audit-ci-yarn-4-workspace-critical-vulnerability-dev@workspace:packages/yarn-critical-dev'],
      advisory: { sourceId: '1090848', vulnerableRange: '<6.0.0', url: 'https://github.com/advisories/GHSA-28xh-wpgr-7fm8' },
    });
  });

  it('lines without an advisory URL and id are deprecations, not advisories', () => {
    const deprecation = '{"value":"request","children":{"ID":"request (deprecation)","Issue":"request has been deprecated","Severity":"moderate","Vulnerable Versions":"2.88.2","Tree Versions":["2.88.2"],"Dependents":["app@workspace:."]}}';
    const r = report(parseAuditText(`${fixture('yarn-4-high', 'output.json').trim()}\n${deprecation}\n`));
    expect(keys(r)).toEqual(['GHSA-hrpp-h998-j3pp qs high']);
    expect(r.deprecations).toBe(1);
  });

  it('"No audit suggestions" is a clean audit; info lines alone are not', () => {
    const clean = '{"type":"info","name":null,"displayName":"YN0000","indent":"","data":"No audit suggestions"}\n';
    expect(report(parseAuditText(clean)).vulnerabilities).toEqual([]);
    expect(reason(parseAuditText('{"type":"info","name":null,"displayName":"YN0000","indent":"","data":"Resolution step"}\n'))).toMatch(/only Yarn's info line and no audit result/);
  });
});

describe('osv-scanner', () => {
  const osv = {
    results: [
      {
        source: { path: '/home/runner/work/app/app/package-lock.json', type: 'lockfile' },
        packages: [
          {
            package: { name: 'qs', version: '6.10.2', ecosystem: 'npm' },
            dependency_groups: ['dev'],
            vulnerabilities: [
              {
                id: 'GHSA-hrpp-h998-j3pp',
                aliases: ['CVE-2022-24999'],
                summary: 'qs vulnerable to Prototype Pollution',
                severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
                affected: [{ package: { name: 'qs', ecosystem: 'npm' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '6.10.0' }, { fixed: '6.10.3' }] }] }],
                database_specific: { severity: 'HIGH', cwe_ids: ['CWE-1321'] },
              },
            ],
            groups: [{ ids: ['GHSA-hrpp-h998-j3pp'], aliases: ['CVE-2022-24999', 'GHSA-hrpp-h998-j3pp'], max_severity: '7.5' }],
          },
          {
            package: { name: 'evil-pkg', version: '1.0.0', ecosystem: 'npm' },
            vulnerabilities: [{ id: 'MAL-2024-1234', summary: 'Malicious code in evil-pkg', affected: [{ package: { name: 'evil-pkg', ecosystem: 'npm' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] }],
            groups: [{ ids: ['MAL-2024-1234'], max_severity: '' }],
          },
        ],
      },
    ],
  };

  it('one advisory per group, with severity, CVSS, ranges and dev group', () => {
    const r = report(parseAuditText(JSON.stringify(osv)));
    expect(r.format).toBe('osv-scanner');
    expect(r.vulnerabilities[0]).toMatchObject({
      package: 'qs',
      versions: ['6.10.2'],
      dev: true,
      ecosystem: 'npm',
      advisory: {
        key: 'GHSA-hrpp-h998-j3pp',
        cves: ['CVE-2022-24999'],
        severity: 'high',
        cvss: { score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
        vulnerableRange: '>=6.10.0 <6.10.3',
        patchedRange: '>=6.10.3',
        cwes: ['CWE-1321'],
      },
    });
    // No severity at all (malware reports among them) is never read as harmless.
    expect(r.vulnerabilities[1]?.advisory).toMatchObject({ key: 'MAL-2024-1234', severity: 'high', severityAssumed: true, vulnerableRange: '*' });
  });

  it('a clean scan, and a scan whose results are not a list', () => {
    expect(report(parseAuditText('{"results":[]}')).vulnerabilities).toEqual([]);
    expect(reason(parseAuditText('{"results":null}'))).toMatch(/osv-scanner report is malformed: results must be a list, found null/);
  });
});

describe('an error instead of a report is never clean', () => {
  it('the 405 object npm 11 prints on this machine', () => {
    const text = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      headers: { allow: ['GET,HEAD'] },
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(reason(parseAuditText(text))).toMatch(/^the audit failed: 405 Method Not Allowed - POST https:\/\/registry.npmjs.org\/-\/npm\/v1\/security\/advisories\/bulk\. The registry, or a proxy in front of it, does not serve this audit endpoint/);
  });

  it('410 from a retired endpoint, ENOLOCK, ENOAUDIT and pnpm errors', () => {
    expect(reason(parseAuditText('{"message":"410 Gone - POST https://registry.invalid/-/npm/v1/security/audits/quick","statusCode":410,"body":""}'))).toMatch(/^the audit failed: 410 Gone/);
    expect(reason(parseAuditText('{"error":{"code":"ENOLOCK","summary":"This command requires an existing lockfile.","detail":"Try creating one first with: npm i --package-lock-only"}}'))).toBe(
      'the audit failed: ENOLOCK: there is no lockfile to audit (run `npm install --package-lock-only` and commit the lockfile): This command requires an existing lockfile.',
    );
    expect(reason(parseAuditText('{"error":{"code":"ENOAUDIT","summary":"Your configured registry (https://registry.invalid/) does not support audit requests."}}'))).toMatch(/ENOAUDIT: the configured registry does not support audits/);
    expect(reason(parseAuditText('{"error":{"code":"ERR_PNPM_AUDIT_BAD_RESPONSE","message":"The audit endpoint (at https://user:s3cret@registry.invalid/-/npm/v1/security/audits/quick) responded with 500"}}'))).toBe(
      'the audit failed: ERR_PNPM_AUDIT_BAD_RESPONSE: the audit endpoint answered with an error: The audit endpoint (at https://***@registry.invalid/-/npm/v1/security/audits/quick) responded with 500',
    );
  });

  it('empty, truncated, not JSON, a list, or JSON of no known format', () => {
    expect(reason(parseAuditText(''))).toMatch(/the report is empty/);
    expect(reason(parseAuditText(' \n\uFEFF\n'))).toMatch(/the report is empty/);
    const full = fixture('npm-high', 'npm7-output.json');
    expect(reason(parseAuditText(full.slice(0, full.length / 2)))).toMatch(/^the report is not complete JSON \(.*\): it was cut short/);
    expect(reason(parseAuditText('npm ERR! code ENOTFOUND\nnpm ERR! network request failed'))).toBe('the report is not JSON: it starts with "npm ERR! code ENOTFOUND"');
    expect(reason(parseAuditText('[]'))).toMatch(/it is a JSON list/);
    expect(reason(parseAuditText('{"vulnerabilities":{},"metadata":{}}'))).toMatch(/no `auditReportVersion`/);
    expect(reason(parseAuditText('{"hello":"world"}'))).toBe('the report is not of a known audit format (its keys: "hello")');
    const jsonl = fixture('yarn-1-high', 'output.jsonl');
    expect(reason(parseAuditText(jsonl.slice(0, jsonl.length - 20)))).toMatch(/the last line of the report \(line 2\) is not complete JSON: the output was cut short/);
  });

  it('what npm, pnpm and Yarn 1 and 4 really wrote here when the registry refused the audit', () => {
    const recorded = (file: string) => fixture('../recorded', file);
    expect(reason(parseAuditText(recorded('npm-11-405.json')))).toMatch(/^the audit failed: 405 Method Not Allowed - POST https:\/\/registry.npmjs.org\/-\/npm\/v1\/security\/advisories\/bulk\./);
    expect(reason(parseAuditText(recorded('pnpm-9-405.json'), { hint: 'pnpm' }))).toBe(
      'the audit failed: ERR_PNPM_AUDIT_BAD_RESPONSE: the audit endpoint answered with an error: The audit endpoint (at https://registry.npmjs.org/-/npm/v1/security/audits) responded with 405:',
    );
    expect(reason(parseAuditText(recorded('yarn-1-405.stdout.jsonl')))).toMatch(/only Yarn's info line and no audit result/);
    expect(reason(parseAuditText(recorded('yarn-1-405.stderr.jsonl')))).toMatch(/^the audit failed: Error: https:\/\/registry.yarnpkg.com\/-\/npm\/v1\/security\/audits: Request .* returned a 405/);
    expect(reason(parseAuditText(recorded('yarn-4-405.stdout.json')))).toMatch(/the report is empty/);
  });
});
