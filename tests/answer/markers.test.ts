import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CitationFilter } from '@/lib/answer/llm/markers';

function run(passages: number, deltas: string[]): { text: string; cited: number[] } {
  const filter = new CitationFilter(passages);
  const text = deltas.map((d) => filter.push(d)).join('') + filter.end();
  return { text, cited: filter.cited };
}

describe('CitationFilter', () => {
  it('renumbers valid markers in order of first use, across delta boundaries', () => {
    const { text, cited } = run(5, ['Germany refused [', '4]. It sent a hospital [2][4', '].']);
    assert.equal(text, 'Germany refused [1]. It sent a hospital [2][1].');
    assert.deepEqual(cited, [4, 2]);
  });

  it('removes markers naming passages that do not exist, with the space before them', () => {
    assert.equal(run(3, ['A claim [9]. Another [2] and [0].']).text, 'A claim. Another [1] and.');
  });

  it('splits lists and drops their invalid members', () => {
    assert.equal(run(3, ['Both [1, 3, 7].']).text, 'Both [1][2].');
  });

  it('passes through brackets that are not markers', () => {
    assert.equal(run(3, ['An aside [sic] and [1a] and a list [a, b].']).text, 'An aside [sic] and [1a] and a list [a, b].');
    assert.equal(run(3, ['Unfinished [12']).text, 'Unfinished [12');
  });
});
