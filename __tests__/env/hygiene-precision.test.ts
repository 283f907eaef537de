import { describe, expect, it } from 'vitest';
import { classifyValue } from '../../src/checks/env/values.js';
import { scanTree, summarise } from '../helpers/check-tester.js';

describe('env files that are what they should be', () => {
  it('a mixed-case name the application reads exactly is its name, not a naming slip', async () => {
    const report = await scanTree(
      {
        '.gitignore': '.env\n',
        '.env.example': 'SSO_IDP_x509_CERT=\nSSO_sp_name=\n',
        'config/sso.php': "<?php\nreturn ['idp_cert' => env('SSO_IDP_x509_CERT', '')];\n",
      },
      { policy: 'version: 1\n', only: ['env'] },
    );
    // SSO_sp_name is read nowhere: still a naming slip (and unused).
    expect(summarise(report).sort()).toEqual(['env/lowercase-key .env.example:2', 'env/unused-in-example .env.example:2']);
  });

  it('local env files are checked where they would be created', async () => {
    const report = await scanTree(
      {
        '.gitignore': 'bin/\nrelay-server.env\n',
        'go.mod': 'module example.org/relay\n',
        'relay-server.env.example': 'RELAY_LISTEN=:8080\n',
        'main.go': 'package main\nfunc main() { _ = os.Getenv("RELAY_LISTEN") }\n',
        'ui/package.json': '{"name":"relay-ui"}\n',
        'ui/.gitignore': 'node_modules\n*.local\n',
        // Vite's convention: `.env` holds shared public defaults and is committed, `.env.local` is ignored.
        'ui/.env': 'VITE_RELAY_API=http://localhost:8080\n',
      },
      { policy: 'version: 1\n', only: ['env'] },
    );
    // relay-server.env (the counterpart of the example) is ignored; the Go server loads no `.env`; the UI
    // commits its `.env` of public defaults on purpose and ignores `.env.local`.
    expect(summarise(report)).toEqual([]);
  });

  it('a JavaScript package without an ignore rule for `.env.local` is still reported', async () => {
    const report = await scanTree(
      { '.gitignore': 'node_modules\n.env\n', 'package.json': '{"name":"shop"}\n', '.env.example': 'SHOP_API_SECRET=\n', 'src/a.ts': 'export const s = process.env.SHOP_API_SECRET;\n' },
      { policy: 'version: 1\n', only: ['env'] },
    );
    expect(report.findings.map((f) => f.message)).toEqual(['.env.local would not be ignored by git: no rule in .gitignore ignores it.']);
  });

  it('example values that are published development values or placeholders behind a provider prefix', () => {
    expect(classifyValue('STORAGE_ACCOUNT_NAME', 'devstoreaccount1').kind).toBe('local');
    expect(classifyValue('STORAGE_ACCOUNT_KEY', 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==').kind).toBe('local');
    expect(classifyValue('TRACE_SECRET_KEY', 'sk-tr-1234567890').kind).toBe('placeholder');
    expect(classifyValue('TRACE_SECRET_KEY', 'sk-tr-9fK2mQ7xLp4Rz8Wd').kind).toBe('secret');
    expect(classifyValue('DATABASE_URL', 'sqlite:data/app.db').kind).toBe('local');
  });

  it('a committed `.env` pointing sqlx at a local database file holds no credential', async () => {
    const report = await scanTree(
      { '.gitignore': 'target/\n', 'crates/store/Cargo.toml': '[package]\nname = "store"\n', 'crates/store/.env': 'DATABASE_URL="sqlite:store.db"\n' },
      { policy: 'version: 1\n', only: ['env'] },
    );
    expect(summarise(report)).toEqual([]);
  });
});
