/**
 * Other names a text may use for a place a question names. News and reports
 * name a country by its capital ("Canberra refused…"), by its people ("the
 * Kenyan delegation left") or by a city in it ("the talks in Mombasa" for
 * "the talks in Kenya"), and a question written later may use any of
 * them. The relations come from two data packages, not from any corpus:
 * countries with their official names, spellings, demonyms and capitals from
 * `world-countries` (mledoze/countries, ODbL), and cities of 100,000 people or
 * more from `city-timezones` (Natural Earth). Only a capital stands for its
 * country: "Florence" or "Reading" in a question is more likely a person or a
 * verb than Italy or England.
 */
import { createRequire } from 'node:module';

interface CountryRecord {
  readonly cca2: string;
  readonly unMember: boolean;
  readonly name: { readonly common: string; readonly official: string };
  readonly altSpellings: readonly string[];
  readonly capital?: readonly string[];
  readonly demonyms?: { readonly eng?: { readonly f: string; readonly m: string } };
}

interface CityRecord {
  readonly city: string;
  readonly city_ascii: string;
  readonly pop: number;
  readonly iso2: string;
}

// Smaller places share their names with bigger ones too often ("Paris, Texas") to stand for a country.
const MIN_CITY_POPULATION = 100_000;
// A country's biggest cities besides its capital: where talks, summits and offices usually are.
const CITIES_PER_COUNTRY = 3;

export interface Places {
  /** Other names for the place `name` names, or none when it names no known country, people or capital. */
  relatives(name: string): readonly string[];
  /**
   * Whether a word or two in any case name a country, its people or its capital ("kenya", "south korea"):
   * how a question typed in lower case still names a place. Codes and other two-letter keys ("in", "it") never do.
   */
  isPlace(words: string): boolean;
}

function key(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+d\.?\s?c\.?$/, '')
    .trim();
}

/** Names worth looking for in a text: Latin letters, three or more, at most three words, no inverted "Korea, Republic of". */
function usable(name: string): boolean {
  return /^[\p{Script=Latin} .'’-]+$/u.test(name) && name.replace(/[^\p{L}]/gu, '').length >= 3 && name.split(/\s+/).length <= 3;
}

function build(): Places {
  const require = createRequire(import.meta.url);
  const countries = require('world-countries/countries.json') as readonly CountryRecord[];
  const cities = (require('city-timezones/data/cityMap.json') as readonly CityRecord[]).filter((c) => c.pop >= MIN_CITY_POPULATION);

  const biggest = new Map<string, CityRecord[]>();
  for (const city of [...cities].sort((a, b) => b.pop - a.pop)) {
    const list = biggest.get(city.iso2) ?? [];
    if (list.length < CITIES_PER_COUNTRY) list.push(city);
    biggest.set(city.iso2, list);
  }

  /** What a text may call a country: its names and its people. */
  const namesOf = new Map<string, string[]>();
  /** The same plus its capital and biggest cities: what may stand for it. */
  const standsFor = new Map<string, string[]>();
  const byName = new Map<string, string>();
  const byCapital = new Map<string, string>();
  const lastWords = new Map<string, Set<string>>();
  // UN members first, so a demonym a state shares with a territory of it goes to the state.
  for (const c of [...countries].sort((a, b) => Number(b.unMember) - Number(a.unMember))) {
    const demonyms = c.demonyms?.eng ? [c.demonyms.eng.m, c.demonyms.eng.f] : [];
    const names = [c.name.common, c.name.official, ...c.altSpellings, ...demonyms];
    const capitals = (c.capital ?? []).map((n) => n.replace(/\s+D\.?\s?C\.?$/, ''));
    const cityNames = [...capitals, ...(biggest.get(c.cca2) ?? []).map((city) => city.city_ascii)];
    namesOf.set(c.cca2, [...new Set(names.filter(usable))]);
    standsFor.set(c.cca2, [...new Set([...names, ...cityNames].filter(usable))]);
    // Two-letter codes and the rest are lookup keys only: "UK" in a question finds the country, but "us" in a text is not the US.
    for (const n of names) if (!byName.has(key(n))) byName.set(key(n), c.cca2);
    for (const n of capitals) if (!byCapital.has(key(n))) byCapital.set(key(n), c.cca2);
    for (const n of names.filter(usable)) {
      const last = key(n).split(/\s+/);
      if (last.length > 1)
        lastWords.set(last[last.length - 1] ?? '', new Set([...(lastWords.get(last[last.length - 1] ?? '') ?? []), c.cca2]));
    }
  }
  // The last word of a country's longer name stands for it when no other country's names end in it ("Zealand"), and a
  // name whose last word many countries' names end in ("French Republic") is not looked for: a text is searched by last words.
  const shared = new Set([...lastWords].filter(([, owners]) => owners.size > 1).map(([word]) => word));
  const fullNames = new Set([...byName.keys(), ...byCapital.keys()]);
  for (const [word, owners] of lastWords) {
    const [only] = owners;
    if (owners.size === 1 && only && !byName.has(word)) byName.set(word, only);
  }
  const distinct = (n: string) => !shared.has(key(n).split(/\s+/).pop() ?? '');
  for (const map of [namesOf, standsFor]) for (const [code, list] of map) map.set(code, list.filter(distinct));

  return {
    isPlace(words) {
      // Whole names only: the last word of "Vatican City State" is just "state" in lower case.
      const k = key(words);
      return k.length >= 3 && fullNames.has(k);
    },
    relatives(name) {
      const k = key(name);
      const country = byName.get(k);
      if (country) return (standsFor.get(country) ?? []).filter((n) => key(n) !== k);
      const ofCapital = byCapital.get(k);
      return ofCapital ? (namesOf.get(ofCapital) ?? []) : [];
    },
  };
}

let places: Places | undefined;

/** The place table, read from the data packages on first use (about 3 MB of JSON, kept as a few thousand names). */
export function placeNames(): Places {
  places ??= build();
  return places;
}
