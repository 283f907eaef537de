// Writes schema/security-policy.schema.json from the registered checks (run after adding a check or setting).
// `--check` exits 1 when the committed file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'vite';

const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'silent' });
try {
  const { buildPolicySchema } = await server.ssrLoadModule('/src/policy/schema.ts');
  const { CHECKS } = await server.ssrLoadModule('/src/checks/index.ts');
  const text = `${JSON.stringify(buildPolicySchema(CHECKS), null, 2)}\n`;
  const path = 'schema/security-policy.schema.json';
  if (process.argv.includes('--check')) {
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${path} is stale: run npm run schema`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(path, text);
    console.log(`wrote ${path}`);
  }
} finally {
  await server.close();
}
