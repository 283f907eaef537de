/** A variable the code reads, by name. Offsets are into the file's text. */
export interface EnvRead {
  name: string;
  /** [start, end) of the name as written. */
  start: number;
  end: number;
  /** How it is read, for messages: `process.env`, `os.getenv`, `createEnv schema`, … */
  via: string;
  /** The name is matched case-insensitively (pydantic settings). */
  caseInsensitive?: boolean;
  /**
   * Read with a fallback (`?? 'x'`, `os.getenv('X', 'x')`, `${X:-x}`, a schema `.default()` or
   * `.optional()`, a pydantic field with a default): the code runs without it.
   */
  optional?: boolean;
  /** Read through `import.meta.env`, where Vite defines MODE, DEV, PROD, SSR and BASE_URL itself. */
  importMeta?: boolean;
}

/** A read whose name is computed at run time (`process.env[name]`): noted, never guessed. */
export interface DynamicRead {
  start: number;
  end: number;
  via: string;
  /** The expression as written, shortened. */
  expression: string;
  /** A literal prefix every name it can read starts with (`FEATURE_` in `` `FEATURE_${x}` ``). */
  prefix?: string;
}

export interface ReadResult {
  reads: EnvRead[];
  dynamic: DynamicRead[];
}

export type Reader = (text: string, path: string) => ReadResult;
