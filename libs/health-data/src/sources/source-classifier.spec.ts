import { classifySource, sourceList } from './source-classifier';

const apple = (name: string, productType: string | null = null, bundleId = 'com.apple.health.1F0B3C1E') => ({
  platform: 'appleHealth',
  bundleId,
  name,
  productType,
});

describe('classifySource', () => {
  it('ranks Apple Watch 1, iPhone 2, third party 3', () => {
    expect(classifySource(apple("Jane's Apple Watch"))).toEqual({ kind: 'apple_watch', precedence: 1 });
    expect(classifySource(apple("Jane's iPhone"))).toEqual({ kind: 'iphone', precedence: 2 });
    expect(classifySource(apple('Oura', null, 'com.ouraring.oura'))).toEqual({ kind: 'third_party', precedence: 3 });
  });

  it('trusts the product type over the name', () => {
    expect(classifySource(apple('Kitchen', 'Watch6,7')).kind).toBe('apple_watch');
    expect(classifySource(apple('My watch-like phone', 'iPhone15,2')).kind).toBe('iphone');
  });

  it('treats every Health Connect writer as third party', () => {
    expect(
      classifySource({
        platform: 'googleHealthConnect',
        bundleId: '',
        name: 'com.google.android.apps.fitness',
        productType: null,
      }),
    ).toEqual({ kind: 'third_party', precedence: 3 });
  });
});

describe('sourceList', () => {
  const watch = { platform: 'appleHealth', bundleId: 'com.apple.health.1', name: "Jane's Watch", productType: null };
  const phone = { platform: 'appleHealth', bundleId: 'com.apple.health.2', name: "Jane's iPhone", productType: 'iPhone15,2' };

  it('lists distinct sources in order of first sight', () => {
    const sources = sourceList();
    expect([sources.indexOf(phone), sources.indexOf(watch), sources.indexOf({ ...phone })]).toEqual([0, 1, 0]);
    expect(sources.list).toEqual([phone, watch]);
  });

  it('a sighting that knows the product type takes the place of one that did not, never the reverse', () => {
    const sources = sourceList();
    sources.indexOf(watch);
    expect(sources.indexOf({ ...watch, productType: 'Watch6,7' })).toBe(0);
    expect(sources.indexOf(watch)).toBe(0);
    expect(sources.list).toEqual([{ ...watch, productType: 'Watch6,7' }]);
  });
});
