import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeNames } from '@/lib/text/places';

describe('placeNames', () => {
  const { relatives } = placeNames();

  it('lets a capital stand for its country and its people', () => {
    assert.deepEqual([...relatives('Canberra')].sort(), ['Australia', 'Australian', 'Commonwealth of Australia']);
    assert.ok(relatives('Washington').includes('United States') || relatives('Washington').includes('American'));
  });

  it('lets a country be found through its names, people, capital and biggest cities', () => {
    const kenya = relatives('Kenya');
    for (const name of ['Kenyan', 'Nairobi', 'Mombasa']) assert.ok(kenya.includes(name), `${name} in ${kenya.join(', ')}`);
    assert.ok(relatives('Britain').includes('United Kingdom'), 'the last word of "Great Britain" names the country');
    assert.ok(relatives('the Netherlands').includes('Dutch'));
    assert.ok(relatives('UK').includes('London'), 'a two-letter code finds the country');
  });

  it('does not look for two-letter codes or names whose last word many countries share', () => {
    const all = ['France', 'United States', 'Canada'].flatMap((n) => relatives(n));
    assert.ok(!all.some((n) => /^\p{L}{2}$/u.test(n)), 'no two-letter codes');
    assert.ok(!relatives('France').includes('French Republic'), '"Republic" ends many names');
  });

  it('knows a whole place name in any case, but not a code or the last word of a longer name', () => {
    for (const name of ['kenya', 'south korea', 'Nairobi', 'dutch']) assert.ok(placeNames().isPlace(name), name);
    for (const word of ['in', 'it', 'state', 'republic', 'florence']) assert.ok(!placeNames().isPlace(word), word);
  });

  it('leaves cities that are not capitals, and words that are not places, alone', () => {
    for (const name of ['Florence', 'Reading', 'Nice', 'Linux', 'Memcheck', 'Europe']) assert.deepEqual(relatives(name), [], name);
  });
});
