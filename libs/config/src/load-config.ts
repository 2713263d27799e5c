import { z } from 'zod';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Validates the whole environment at once so that one start-up names every bad
 * variable, instead of failing on the first and hiding the rest.
 */
export function validateEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, crossChecks: z.ZodType[] = []): z.infer<S> {
  const result = schema.safeParse(env);
  const issues = [
    ...(result.success ? [] : result.error.issues),
    ...crossChecks.flatMap((check) => {
      const checked = check.safeParse(env);
      return checked.success ? [] : checked.error.issues;
    }),
  ];
  if (result.success && issues.length === 0) return result.data;
  const problems = issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    // zod reports an absent string as "expected string, received undefined"; say it plainly.
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${name} ${message}`;
  });
  throw new ConfigValidationError(problems);
}

/** Used by each main.ts: on a bad environment print what is wrong and stop before connecting to anything. */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
