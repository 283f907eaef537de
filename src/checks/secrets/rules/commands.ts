// Passwords written on command lines, in scripts, Makefiles, CI steps and docs: database clients, curl,
// sshpass, and the environment variables those clients read. Each value is a password a person may have
// chosen: a weak one is `low`, a generated one `medium`; references (`$DB_PASS`, `"${PASS}"`) are not values.
import type { SecretRule } from '../types.js';

const DOCS = 'https://dev.mysql.com/doc/refman/8.4/en/password-security-user.html';
/** A value, optionally quoted: no whitespace, quote, `$` (a reference) or backquote; not a flag (`-…`). */
const VALUE = (n: string) => `(?<q${n}>['"]?)(?<secret${n}>[^\\s'"$\`-][^\\s'"$\`]{2,127})\\k<q${n}>(?![^\\s;|&)])`;

export const COMMAND_RULES: SecretRule[] = [
  {
    id: 'secrets/command-line-password',
    title: 'Password on a command line',
    provider: 'Command line',
    keywords: ['mysql', 'mariadb', 'password=', 'passwd=', 'password ', 'curl', 'sshpass', 'pgpassword', 'mysql_pwd', 'rediscli_auth'],
    // mysql -pSECRET / -p'SECRET' (-p alone prompts; -P is the port); --password=SECRET; curl -u user:SECRET;
    // sshpass -p SECRET; PGPASSWORD=SECRET psql.
    pattern: new RegExp(
      [
        `\\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb|mariadb-dump|mariadb-admin)\\b[^\\n|;&]{0,200}?[ \\t]-p${VALUE('')}`,
        `(?:^|[\\s'"])--(?:[a-z]{1,12}-|)pass(?:word|wd|)[= ]${VALUE('2')}`,
        `\\bcurl\\b[^\\n|;&]{0,300}?[ \\t](?:-u|--user)[ \\t]{0,2}(?<q3>['"]?)(?<user>[^\\s:'"$]{1,64}):(?<secret3>[^\\s'"$@]{3,128})\\k<q3>(?![^\\s;|&)])`,
        `\\bsshpass\\b[^\\n|;&]{0,60}?[ \\t]-p[ \\t]{0,2}${VALUE('4')}`,
        `(?:^|[\\s;(])(?:export[ \\t])?(?:PGPASSWORD|MYSQL_PWD|REDISCLI_AUTH)=${VALUE('5')}`,
      ].join('|'),
    ),
    secretGroup: 'secret',
    maxLength: 600,
    entropy: 2,
    password: true,
    docs: DOCS,
  },
];
