/** Matches a rule id against an id or a glob over ids (`secrets/*`, `*`). */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === 'all') return true;
  if (!pattern.includes('*')) return pattern === ruleId;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(ruleId);
}
