import { hasUnstorable } from '@app/health-data';
import { bodyMayHoldUnstorable, jsonBodyOptions, mayHoldUnstorableEscape } from './request-body';
import type { IncomingMessage } from 'node:http';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('mayHoldUnstorableEscape', () => {
  it('is false for a usual chunk, escapes of other characters included', () => {
    expect(mayHoldUnstorableEscape(json({ data: [{ sourceName: "Jane's Watch\t\u001f é ✓ 😀" }] }), 'utf-8')).toBe(false);
  });

  it('finds U+0000 and lone surrogates wherever JSON.stringify put them, keys included', () => {
    for (const text of ['a\u0000b', '\uD800', 'x\uDFFFy', '\uDBFF']) {
      expect(mayHoldUnstorableEscape(json({ data: [{ metadata: { note: text } }] }), 'utf-8')).toBe(true);
      expect(mayHoldUnstorableEscape(json({ data: [{ [text]: 1 }] }), 'utf-8')).toBe(true);
    }
    expect(mayHoldUnstorableEscape(Buffer.from('{"a":"\\uD83D"}'), 'utf-8')).toBe(true);
  });

  it('errs on the side of searching: an escaped backslash before u0000, another encoding', () => {
    expect(mayHoldUnstorableEscape(json({ a: '\\u0000' }), 'utf-8')).toBe(true);
    expect(mayHoldUnstorableEscape(json({ a: 'b' }), 'utf-16le')).toBe(true);
  });

  it('flags every string the items search would find, over all short mixes of the hard characters', () => {
    const alphabet = [0x00, 0x41, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe9, 0x1f];
    for (let n = 0; n < alphabet.length ** 4; n++) {
      const codes = [0, 1, 2, 3].map((d) => alphabet[Math.floor(n / alphabet.length ** d) % alphabet.length]);
      const text = String.fromCharCode(...codes);
      if (hasUnstorable(text)) expect(mayHoldUnstorableEscape(json({ text }), 'utf-8')).toBe(true);
    }
  });
});

describe('jsonBodyOptions', () => {
  it('notes the search on the request; a request nobody searched counts as possibly holding one', () => {
    const req = {} as IncomingMessage;
    expect(bodyMayHoldUnstorable(req)).toBe(true);
    jsonBodyOptions(1024).verify(req, undefined, json({ a: 'b' }), 'utf-8');
    expect(bodyMayHoldUnstorable(req)).toBe(false);
    expect(bodyMayHoldUnstorable(undefined)).toBe(true);
  });
});
