import { classifySource } from './source-classifier';

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
