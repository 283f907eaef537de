// Databases and brokers: connection URLs with passwords (PostgreSQL, MySQL, MongoDB, Redis, AMQP), JDBC
// and ADO.NET connection strings, URLs with basic-auth credentials, PlanetScale and Supabase tokens. For
// URLs the secret is the password; local hosts and well-known default passwords are not reported.
import type { SecretRule } from '../types.js';
import { prefixed } from './shared.js';

/** `scheme://user:password@host`: named groups user, secret (the password) and host. */
const url = (scheme: string, userMin = 1) =>
  new RegExp(`\\b(?:${scheme})://(?<user>[^\\s:/@'"\`<>]{${userMin},64}):(?<secret>[^\\s@'"\`<>/]{1,128})@(?<host>[^\\s/'"\`?#<>,;@]{1,255})`, 'i');

const dbUrl = (id: string, title: string, provider: string, scheme: string, keywords: string[], docs: string, userMin = 1): SecretRule => ({
  id: `secrets/${id}`,
  title,
  provider,
  keywords,
  pattern: url(scheme, userMin),
  before: 0,
  maxLength: 480,
  requires: '@',
  entropy: 2,
  password: true,
  docs,
  revoke: docs,
});

export const DATABASE_RULES: SecretRule[] = [
  dbUrl('postgres-url', 'PostgreSQL connection URL with a password', 'PostgreSQL', 'postgres(?:ql|)(?:\\+[a-z0-9]{1,20}|)', ['postgres'], 'https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS'),
  dbUrl('mysql-url', 'MySQL or MariaDB connection URL with a password', 'MySQL', '(?:mysql|mysqlx|mariadb)(?:\\+[a-z0-9]{1,20}|)', ['mysql', 'mariadb'], 'https://dev.mysql.com/doc/refman/8.4/en/connecting-using-uri-or-key-value-pairs.html'),
  dbUrl('mongodb-url', 'MongoDB connection URL with a password', 'MongoDB', 'mongodb(?:\\+srv|)', ['mongodb'], 'https://www.mongodb.com/docs/manual/reference/connection-string/'),
  dbUrl('redis-url', 'Redis connection URL with a password', 'Redis', 'rediss?', ['redis'], 'https://www.iana.org/assignments/uri-schemes/prov/redis', 0),
  dbUrl('amqp-url', 'AMQP (RabbitMQ) connection URL with a password', 'RabbitMQ', 'amqps?', ['amqp'], 'https://www.rabbitmq.com/docs/uri-spec'),
  {
    id: 'secrets/url-basic-auth',
    title: 'URL with embedded user name and password',
    provider: 'URL',
    keywords: ['://'],
    before: 20,
    maxLength: 480,
    requires: '@',
    pattern: new RegExp(`\\b(?<scheme>[a-z][a-z0-9+.-]{1,19})://(?<user>[^\\s:/@'"\`<>]{1,64}):(?<secret>[^\\s@'"\`<>/]{3,128})@(?<host>[^\\s/'"\`?#<>,;@]{1,255})`, 'i'),
    entropy: 2,
    password: true,
    priority: -2,
    docs: 'https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1',
  },
  {
    id: 'secrets/jdbc-password',
    title: 'JDBC connection string with a password',
    provider: 'JDBC',
    keywords: ['jdbc:'],
    before: 0,
    pattern: /\bjdbc:[a-z0-9]{2,20}:[^\s'"`<>]{0,300}?[?&;:]password=(?<secret>[^\s&;'"`<>]{1,128})/i,
    entropy: 2,
    password: true,
    docs: 'https://docs.oracle.com/javase/tutorial/jdbc/basics/connecting.html',
  },
  {
    id: 'secrets/connection-string-password',
    title: 'Database connection string (ADO.NET / ODBC) with a password',
    provider: 'SQL Server',
    keywords: ['password=', 'pwd='],
    pattern: /\b(?:Server|Data Source|Host|Address|Addr)\s{0,2}=[^;'"`\n]{1,200};[^'"`\n]{0,400}?\b(?:Password|Pwd)\s{0,2}=\s{0,2}(?<secret>[^;'"`\s]{1,128})/i,
    entropy: 2,
    password: true,
    docs: 'https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/connection-string-syntax',
  },
  ...(
    [
      ['pscale_pw_', 'planetscale-password', 'PlanetScale database password'],
      ['pscale_tkn_', 'planetscale-token', 'PlanetScale service token'],
      ['pscale_oauth_', 'planetscale-oauth-token', 'PlanetScale OAuth token'],
    ] as const
  ).map(
    ([prefix, id, title]): SecretRule => ({
      id: `secrets/${id}`,
      title,
      provider: 'PlanetScale',
      keywords: [prefix],
      pattern: prefixed(`${prefix}[A-Za-z0-9_.-]{32,64}`),
      before: 0,
      entropy: 4,
      prefixLength: prefix.length,
      docs: 'https://planetscale.com/docs/concepts/service-tokens',
      revoke: 'https://app.planetscale.com/',
    }),
  ),
  {
    id: 'secrets/supabase-access-token',
    title: 'Supabase personal access token',
    provider: 'Supabase',
    keywords: ['sbp_'],
    pattern: prefixed('sbp_[a-f0-9]{40}'),
    before: 0,
    entropy: 3,
    prefixLength: 4,
    docs: 'https://supabase.com/docs/reference/cli/supabase-login',
    revoke: 'https://supabase.com/dashboard/account/tokens',
  },
  {
    id: 'secrets/supabase-secret-key',
    title: 'Supabase secret API key',
    provider: 'Supabase',
    keywords: ['sb_secret_'],
    pattern: prefixed('sb_secret_[A-Za-z0-9_-]{20,80}'),
    before: 0,
    entropy: 3.5,
    prefixLength: 10,
    docs: 'https://supabase.com/docs/guides/api/api-keys',
    revoke: 'https://supabase.com/dashboard/project/_/settings/api-keys',
  },
];
