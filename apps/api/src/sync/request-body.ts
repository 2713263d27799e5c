import type { IncomingMessage } from 'node:http';

const MAY_HOLD_UNSTORABLE = Symbol('bodyMayHoldUnstorable');

type MarkedRequest = IncomingMessage & { [MAY_HOLD_UNSTORABLE]?: boolean };

/**
 * Options for the JSON body parser (main.ts, and the in-process API of the tests). Besides the
 * explicit size limit (a 500-item chunk is a few hundred KiB; a proxy change must not shrink it
 * silently), it notes whether the raw body could hold U+0000 or a lone surrogate: in JSON text both
 * can only arrive as a `\u` escape (JSON.parse refuses a raw control character, and UTF-8 decoding
 * turns a lone surrogate's bytes into U+FFFD), so one native search of the bytes tells whether the
 * chunk's items must be searched one by one. Before, telling it took a JSON.stringify of the chunk.
 */
export function jsonBodyOptions(limit: number) {
  return {
    limit,
    verify: (req: IncomingMessage, _res: unknown, body: Buffer, encoding: string) => {
      (req as MarkedRequest)[MAY_HOLD_UNSTORABLE] = mayHoldUnstorableEscape(body, encoding);
    },
  };
}

/** What the body parser noted; true when it noted nothing (another parser, a test), so the items are searched. */
export function bodyMayHoldUnstorable(req: IncomingMessage | undefined): boolean {
  return (req as MarkedRequest | undefined)?.[MAY_HOLD_UNSTORABLE] ?? true;
}

/**
 * True when the JSON bytes hold `\u0000` or `\uD800`–`\uDFFF` (any case). Errs on the side of true:
 * an escaped backslash before `u0000` also counts, and any encoding but UTF-8 is not searched.
 */
export function mayHoldUnstorableEscape(body: Buffer, encoding: string): boolean {
  if (encoding.toLowerCase().replace('-', '') !== 'utf8') return true;
  for (let at = body.indexOf('\\u'); at !== -1; at = body.indexOf('\\u', at + 1)) {
    const hex = body.toString('latin1', at + 2, at + 6).toLowerCase();
    if (hex === '0000' || /^d[89a-f]/.test(hex)) return true;
  }
  return false;
}
