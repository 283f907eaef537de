import type * as Sarif from 'sarif';

/**
 * GitHub code scanning's ingestion rules for SARIF, beyond the OASIS schema, as GitHub documents them
 * ("SARIF support for code scanning", "SARIF results exceed limits") and as `upload-sarif` enforces them
 * (a result without a location fails the whole upload: "locationFromSarifResult: expected at least one
 * location"). The rules of the Microsoft SARIF validator's GitHub set (GH1001–GH1005) are among them.
 * Returns one line per problem; an empty list means the file would be accepted.
 */
export function codeScanningProblems(log: Sarif.Log): string[] {
  const problems: string[] = [];
  const add = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (!log.$schema) add('log', '$schema is required');
  if (log.version !== '2.1.0') add('log', 'version must be 2.1.0');
  if (!log.runs?.length || log.runs.length > 20) add('log', `1 to 20 runs, not ${log.runs?.length ?? 0}`);
  for (const [r, run] of (log.runs ?? []).entries()) {
    const at = `runs[${r}]`;
    const driver = run.tool?.driver;
    if (!driver?.name) add(at, 'tool.driver.name is required');
    if ((run.tool?.extensions?.length ?? 0) > 100) add(at, 'more than 100 tool extensions');
    const rules = driver?.rules ?? [];
    if (rules.length > 25_000) add(at, `${rules.length} rules: at most 25,000`);
    const ids = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      const where = `${at}.rules[${i}] ${rule.id}`;
      if (!rule.id?.trim()) add(where, 'id is required');
      if (ids.has(rule.id)) add(where, 'duplicate rule id');
      ids.add(rule.id);
      if (!rule.shortDescription?.text) add(where, 'shortDescription.text is required');
      if (!rule.fullDescription?.text) add(where, 'fullDescription.text is required');
      if (!rule.help?.text) add(where, 'help.text is required');
      if ((rule.shortDescription?.text.length ?? 0) > 1024) add(where, 'shortDescription over 1,024 characters');
      if ((rule.fullDescription?.text.length ?? 0) > 1024) add(where, 'fullDescription over 1,024 characters');
      if ((rule.name?.length ?? 0) > 255) add(where, 'name over 255 characters');
      const tags = (rule.properties?.tags ?? []) as string[];
      if (new Set(tags).size !== tags.length) add(where, `tags repeat: ${JSON.stringify(tags)}`);
      if (tags.length > 20) add(where, `${tags.length} tags: at most 20`);
      const severity = rule.properties?.['security-severity'] as string | undefined;
      if (severity !== undefined && !(typeof severity === 'string' && Number(severity) > 0 && Number(severity) <= 10)) add(where, `security-severity ${severity} is not a number in (0, 10]`);
      const precision = rule.properties?.precision as string | undefined;
      if (precision !== undefined && !['very-high', 'high', 'medium', 'low'].includes(precision)) add(where, `precision ${precision}`);
      const level = rule.defaultConfiguration?.level;
      if (level !== undefined && !['note', 'warning', 'error'].includes(level)) add(where, `defaultConfiguration.level ${level}`);
    }
    const results = run.results ?? [];
    if (!run.results) add(at, 'results[] is required');
    if (results.length > 25_000) add(at, `${results.length} results: at most 25,000 per run`);
    for (const [i, result] of results.entries()) {
      const where = `${at}.results[${i}] ${result.ruleId}`;
      if (!result.message?.text) add(where, 'message.text is required (and not empty)');
      if (result.ruleId !== undefined && !ids.has(result.ruleId)) add(where, 'ruleId names no rule');
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) add(where, 'ruleIndex does not point at the rule');
      const locations = result.locations ?? [];
      if (!locations.length) add(where, 'locationFromSarifResult: expected at least one location');
      if (locations.length > 1000) add(where, `${locations.length} locations: at most 1,000`);
      for (const [l, location] of locations.entries()) {
        const physical = location.physicalLocation;
        if (!physical) {
          add(`${where} locations[${l}]`, 'expected a physical location');
          continue;
        }
        const uri = physical.artifactLocation?.uri;
        if (!uri) add(`${where} locations[${l}]`, 'artifactLocation.uri is required');
        else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.includes('\\') || uri.split('/').includes('..')) add(`${where} locations[${l}]`, `uri ${uri} is not a path relative to the repository root`);
        const start = physical.region?.startLine;
        if (!physical.region || !Number.isInteger(start) || (start as number) < 1) add(`${where} locations[${l}]`, 'region.startLine is required (a line from 1)');
        const end = physical.region?.endLine;
        if (end !== undefined && start !== undefined && end < start) add(`${where} locations[${l}]`, 'endLine before startLine');
      }
      const fingerprints = result.partialFingerprints ?? {};
      if (!Object.keys(fingerprints).length || Object.values(fingerprints).some((v) => typeof v !== 'string' || !v)) add(where, 'partialFingerprints is required');
    }
  }
  return problems;
}
