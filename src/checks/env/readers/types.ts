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
  /** The fallback is a value the code carries (not empty, not another variable): unset, the app runs with it. */
  valueDefault?: boolean;
  /**
   * Other variables read in its place (`process.env.A ?? process.env.B`): the read is satisfied when any
   * of them is documented.
   */
  alternatives?: string[];
  /** A presence test (`if (process.env.X)`): the file's other reads of the name are guarded by it. */
  guard?: boolean;
  /** Compared with a switch value (`=== 'true'`): a feature flag. */
  flag?: boolean;
  /**
   * Read through the form that gives nothing when unset (Python's `os.getenv`, Ruby's `ENV[]`) where the
   * language has one that fails (`os.environ[…]`, `ENV.fetch`): a setting read so may be unset.
   */
  nullable?: boolean;
  /**
   * The name is declared by a schema of the environment (zod, envalid, `createEnv`, pydantic settings,
   * struct tags): its `optional` says what the project decided for every read of the name.
   */
  declared?: boolean;
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
  /** The read is the body of this accessor function: its calls name the variables. */
  accessor?: string;
}

/** A call with a literal UPPER_CASE first argument (`env("SMTP_HOST")`): a read if the callee is an accessor. */
export interface CallSite {
  callee: string;
  name: string;
  /** [start, end) of the name. */
  start: number;
  end: number;
  /** More arguments follow the name (a fallback, in most accessors). */
  more?: true;
}

export interface ReadResult {
  reads: EnvRead[];
  dynamic: DynamicRead[];
  /**
   * Names the build defines as constants (`env: {…}` of next.config, `'process.env.X'` keys of Vite's
   * `define` or webpack's DefinePlugin): code that reads them gets the build's value, not the runtime's.
   */
  constants?: string[];
  /** Functions that read the environment by their parameter (`def env(name): return os.getenv(name)`). */
  accessors?: Accessor[];
  /** Calls that would be reads if their callee is an accessor (here or in another file). */
  calls?: CallSite[];
}

/** A project's own accessor: calls with a literal first argument are reads. */
export interface Accessor {
  name: string;
  /** The calls pass a fallback as a further argument (`env('X', 'default')`) or the accessor has one. */
  defaulting?: boolean;
}

export type Reader = (text: string, path: string) => ReadResult;
