import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeRepo, scanDir, summarise } from './helpers/repo.js';

/** The recipes of docs/rules.md, as written there. */
function recipes(): string {
  const doc = readFileSync('docs/rules.md', 'utf8');
  const block = doc.slice(doc.indexOf('<!-- recipes:start -->'), doc.indexOf('<!-- recipes:end -->'));
  return block.replace(/^.*```yaml\n/s, '').replace(/```\s*$/s, '');
}

const POLICY = `version: 1\nextends: []\n${recipes()}`;

describe('the rule recipes of docs/rules.md', () => {
  it('load, and find exactly the violations in a repo that has some of each', async () => {
    const root = makeRepo({
      // rate-limit-auth-routes
      'app/api/auth/login/route.ts': "import { withRateLimit } from '@/lib/rate-limit';\nexport const POST = withRateLimit(async (req: Request) => login(loginSchema.parse(await req.json())));\n",
      'app/api/auth/reset/route.ts': '// withRateLimit( later\nexport async function POST(req: Request) {\n  const { email } = resetSchema.parse(await req.json());\n}\n',
      // no-wildcard-cors
      'src/server.ts': [
        "import cors from 'cors';",
        "app.use(cors({ origin: process.env.FRONTEND_URL, credentials: true }));",
        "app.use('/public', cors());",
        "res.setHeader('Access-Control-Allow-Origin', '*');",
        "// app.use(cors({ origin: '*' }));",
        '',
      ].join('\n'),
      // parameterized-queries
      'src/db.ts': [
        'const a = await pool.query(`SELECT * FROM tickets WHERE id = ${id}`);',
        'const b = await pool.query(\'SELECT * FROM tickets WHERE id = $1\', [id]);',
        'const c = await prisma.$queryRaw`SELECT * FROM users WHERE email = ${email}`;',
        'const d = await prisma.$queryRawUnsafe(`SELECT * FROM users WHERE email = \'${email}\'`);',
        '',
      ].join('\n'),
      'api/repo.py': 'cursor.execute("SELECT * FROM t WHERE id = %s", (ticket_id,))\ncursor.execute(f"SELECT * FROM t WHERE id = {ticket_id}")\n',
      // password-hashing
      'src/auth/password.ts': "import bcrypt from 'bcryptjs';\nexport const hash = (p: string) => bcrypt.hash(p, 12);\n",
      // no-stack-in-responses
      'src/errors.ts': "app.use((err, req, res, next) => {\n  logger.error(err);\n  res.status(500).json({ error: 'Internal error' });\n});\nexport const debug = (res, err) => res.status(500).json({ message: err.message, stack: err.stack });\n",
      // no-secrets-in-logs
      'src/boot.ts': "console.log('starting on port', process.env.PORT);\nconsole.log('key', process.env.STRIPE_SECRET_KEY);\n",
      // no-secrets-in-urls
      'src/client.ts': "fetch(`/api/tickets?page=${page}`);\nfetch(`/api/export?token=${token}`);\n",
      // django-debug-off
      'config/settings.py': 'import os\nDEBUG = os.environ.get("DEBUG") == "1"\n# DEBUG = True\n',
      'config/settings/local.py': 'DEBUG = True\n',
      // csrf-protection
      'src/security.ts': "import { doubleCsrf } from 'csrf-csrf';\nexport const { doubleCsrfProtection } = doubleCsrf({ getSecret: () => secret });\n",
      // validate-input and require-auth-in-routes
      'app/api/tickets/route.ts': "import { auth } from '@/auth';\nexport async function POST(req: Request) {\n  const session = await auth();\n  const body = ticketSchema.parse(await req.json());\n}\n",
      'app/api/tickets/bulk/route.ts': 'export async function POST(req: Request) {\n  const body = await req.json();\n}\n',
      'app/api/health/route.ts': 'export const GET = () => Response.json({ ok: true });\n',
      // no-raw-html
      'app/components/Comment.tsx': 'export const Comment = ({ html }: { html: string }) => <div dangerouslySetInnerHTML={{ __html: html }} />;\nexport const Safe = ({ text }: { text: string }) => <p>{text}</p>;\n',
      // Test files are left alone.
      'src/server.test.ts': "app.use(cors());\n",
    });
    const report = await scanDir(root, { policy: POLICY });
    expect(summarise(report)).toEqual([
      'rules/parameterized-queries api/repo.py:2',
      'rules/rate-limit-auth-routes app/api/auth/reset/route.ts',
      'rules/require-auth-in-routes app/api/tickets/bulk/route.ts',
      'rules/validate-input app/api/tickets/bulk/route.ts',
      'rules/no-raw-html app/components/Comment.tsx:1',
      'rules/django-debug-off config/settings/local.py:1',
      'rules/no-secrets-in-logs src/boot.ts:2',
      'rules/no-secrets-in-urls src/client.ts:2',
      'rules/parameterized-queries src/db.ts:1',
      'rules/parameterized-queries src/db.ts:4',
      'rules/no-stack-in-responses src/errors.ts:5',
      'rules/no-wildcard-cors src/server.ts:3',
      'rules/no-wildcard-cors src/server.ts:4',
    ]);
    // The files without a line are the `require` rules a file lacks.
    expect(summarise(report).filter((s) => !/:\d+$/.test(s))).toEqual([
      'rules/rate-limit-auth-routes app/api/auth/reset/route.ts',
      'rules/require-auth-in-routes app/api/tickets/bulk/route.ts',
      'rules/validate-input app/api/tickets/bulk/route.ts',
    ]);
  });

  it('password-hashing is satisfied by any one file, else reported once', async () => {
    const report = await scanDir(makeRepo({ 'src/auth.ts': "import { createHash } from 'node:crypto';\nexport const hash = (p: string) => createHash('sha1').update(p).digest('hex');\n" }), { policy: POLICY });
    expect(report.findings.filter((f) => f.ruleId === 'rules/password-hashing').map((f) => f.message)).toEqual([
      'Passwords must be hashed with bcrypt, scrypt or argon2. (none of the 1 file(s) matching `src/**/*.{js,ts}, lib/**/*.{js,ts}, app/**/*.{js,ts}, **/*.py` has a match for /bcrypt|argon2|scrypt|make_password|passlib/)',
    ]);
  });
});
