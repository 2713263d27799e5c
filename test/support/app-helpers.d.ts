export function freePort(): Promise<number>;
export function waitReady(
  baseUrl: string,
  options?: { timeoutMs?: number; alive?: () => boolean; describe?: () => string },
): Promise<void>;
export function signToken(sub: string, secret: string, expiresIn?: string | number): Promise<string>;
