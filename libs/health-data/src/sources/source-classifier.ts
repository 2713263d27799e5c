export type SourceKind = 'apple_watch' | 'iphone' | 'third_party';

export interface SourceIdentity {
  platform: string;
  /** iOS sourceId (bundle id); '' on Android. */
  bundleId: string;
  /** iOS sourceName; the writing app's package name on Android. */
  name: string;
  productType: string | null;
}

export interface SourceClass {
  kind: SourceKind;
  /** Lower wins at read time: Apple Watch 1, iPhone 2, third party 3. */
  precedence: number;
}

export const PRECEDENCE: Record<SourceKind, number> = { apple_watch: 1, iphone: 2, third_party: 3 };

const APPLE_DEVICE_BUNDLE = /^com\.apple\.health(\.|$)/i;

/**
 * Apple's own devices write under `com.apple.health.<UUID>`; the product type (`Watch6,7`,
 * `iPhone15,2`) says which kind when the app sends it, else the device name does ("Jane's Apple Watch").
 * Everything else (Oura, Garmin, any Health Connect app) is third party.
 */
export function classifySource(source: SourceIdentity): SourceClass {
  if (source.platform === 'appleHealth' && APPLE_DEVICE_BUNDLE.test(source.bundleId)) {
    const product = source.productType ?? '';
    if (/^watch/i.test(product)) return of('apple_watch');
    if (/^iphone/i.test(product)) return of('iphone');
    if (/watch/i.test(source.name)) return of('apple_watch');
    // Any other Apple device source (the phone itself, named "Jane's iPhone" or otherwise).
    return of('iphone');
  }
  return of('third_party');
}

function of(kind: SourceKind): SourceClass {
  return { kind, precedence: PRECEDENCE[kind] };
}

/** A source's identity as one string: the key a chunk's sources are deduplicated and matched by. */
export const sourceKey = (s: Pick<SourceIdentity, 'platform' | 'bundleId' | 'name'>) =>
  `${s.platform}\u0000${s.bundleId}\u0000${s.name}`;

/**
 * Distinct sources in order of first sight: `indexOf` gives a source's place in `list`, adding it the
 * first time. A later sighting that knows the product type (Watch6,7 / iPhone15,2) takes the place of
 * one that did not: it classifies the source better. A chunk's sources are listed so, and so are a
 * batch's when the worker resolves them for several chunks of a user at once.
 */
export function sourceList(): { list: SourceIdentity[]; indexOf(source: SourceIdentity): number } {
  const list: SourceIdentity[] = [];
  const places = new Map<string, number>();
  return {
    list,
    indexOf(source) {
      const key = sourceKey(source);
      let place = places.get(key);
      if (place === undefined) places.set(key, (place = list.push(source) - 1));
      else if (!list[place].productType && source.productType) list[place] = source;
      return place;
    },
  };
}
