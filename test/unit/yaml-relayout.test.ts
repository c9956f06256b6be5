/**
 * The relayout scanner on its own: which lines of tiny YAML texts it moves,
 * by how many columns, and how offsets in the copy map back. Each case is a
 * boundary of the scanner's rules (keys, indicators, quotes, flow tokens,
 * comments, block scalars, document markers, blank lines).
 */
import assert from 'node:assert/strict';
import { relayout } from '../../src/core/parse/yaml-relayout';

/** The moved lines as [line, columns], or undefined when nothing moves. */
function moved(text: string): [number, number][] | undefined {
  return relayout(text)?.insertions.map(({ line, count }) => [line, count]);
}

const CASES: [string, string, [number, number][] | undefined][] = [
  ['nothing to move', 'K: v\n', undefined],
  ['a top-level quoted value, no final line end', 'K: "a\nb"', [[2, 1]]],
  ['a first line that is indented', '  K: "a\nb"\n', [[2, 3]]],
  ['a first empty line', '\nK: "a\nb"\n', [[3, 1]]],
  ['the owner column is counted from the line start', 'A:\n    K: "a\n  b"\n', [[3, 3]]],
  ['a blank line inside the value is not moved', 'A:\n  K: "a\n  \n  b"\n', [[4, 1]]],
  ['tabs, lone CRs and spaces make a blank line', 'A:\n  K: "a\n\t\r \n  b"\n', [[4, 1]]],
  ['an empty line inside the value is not moved', 'K: "a\n\nb"\n', [[3, 1]]],
  ['a blank line inside a block scalar keeps it open', 'A: |\n  x\n\n  "open\nB: 1\n', undefined],
  ['a block scalar at the top level is skipped', 'A: |\n  "x\nB: 1\n', undefined],
  ['a comment line inside a block scalar keeps it open', 'A: |\n  x\n# note\n  "y\nB: 1\n', undefined],
  ['an indented comment line left of the block scalar keeps it open', 'A:\n  B: |\n    x\n  # c\n    "y\n  C: 1\n', undefined],
  ['a document start resets what is skipped', 'A: 1\n---\n  K: "a\n  b"\n', [[4, 1]]],
  ['a document end resets what is skipped', 'A: 1\n...\n  K: "a\n  b"\n', [[4, 1]]],
  ['a directive resets what is skipped', 'A: 1\n%YAML 1.2\n  K: "a\n  b"\n', [[4, 1]]],
  ['three dashes followed by text are a plain value', 'A: 1\n---x\n  K: "a\n  b"\n', undefined],
  ['a first line of three dashes', '---\n  K: "a\n  b"\n', [[3, 1]]],
  ['a three-letter key is not a document marker', 'ab: "a\nb"\n', [[2, 1]]],
  ['a tab after the key', 'K:\t"a\nb"\n', [[2, 1]]],
  ['a sequence indicator at the end of a CRLF line', '-\r\n  "a\r\nb"\r\n', [[3, 3]]],
  ['a key with a space in it', 'A:\n  a b: "x\n  y"\n', [[3, 1]]],
  ['a sequence item at column 0 below its key', 'A:\n- K: "a\n  b"\n', [[3, 1]]],
  ['spaces between a quoted key and its colon', '"a" : "x\ny"\n', [[2, 1]]],
  ['a quoted scalar and a colon with no space is not a key', '"a":"x\ny"\n', undefined],
  ['a quoted scalar followed by a word is not a key', '"a" x "y\nz"\n', undefined],
  ['a double quote followed by a single quote closes', 'K: "a"\'\nL: 1\n', undefined],
  ['a comment line inside a flow', 'K: [a,\n#]\nb]\nL: 1\n', [[2, 1], [3, 1]]],
  ['a hash inside a plain flow scalar is no comment', 'K: [a#]\nL: 1\n', undefined],
  ['a hash after a space in a flow is a comment', 'K: [a #]\nL: 1\n', [[2, 1]]],
  ['an explicit key indicator', '? K: "a\n  b"\n', [[2, 1]]],
  ['a sequence item holding a key', '- K: "a\n  b"\n', [[2, 1]]],
  ['a nested sequence item holding a quoted value', 'A:\n  - "a\n  b"\n', [[3, 1]]],
  ['an anchor before the value', 'K: &a "x\ny"\n', [[2, 1]]],
  ['a tab after a tag', 'K: !Sub\t"a\nb"\n', [[2, 1]]],
  ['a comment after a tag: the value starts on the next line', 'K: !Sub # note\n  "a\n  b"\n', [[3, 1]]],
  ['a double-quoted key holding " #"', '"a #b": "x\ny"\n', [[2, 1]]],
  ["a single-quoted key holding ' #'", '\'a #b\': "x\ny"\n', [[2, 1]]],
  ['an unclosed quote after an empty key on the first line', ': a\n"x\ny"\n', [[3, 1]]],
  ['a flow sequence holding ": " is not a key', 'K:\n  [a: 1, "x\n  y"]\n', [[3, 1]]],
  ['a flow map holding ": " is not a key', 'K:\n  {a: 1, b: "x\n  y"}\n', [[3, 1]]],
  ['a literal block scalar indicator is not a key', 'A:\n  |x: "v\n  w"\n', undefined],
  ['a folded block scalar indicator is not a key', 'A:\n  >x: "v\n  w"\n', undefined],
  ['a tag is not a key', 'A:\n  !t x: "a\n  b"\n', undefined],
  ['an anchor is not a key', 'A:\n  &a x: "v\n  w"\n', undefined],
  ['an alias is not a key', 'A:\n  *a x: "v\n  w"\n', undefined],
  ['a colon not followed by a space does not end a key', 'A:\n  a:b: "x\n  y"\n', [[3, 1]]],
  ['a comment ends the search for a key', 'A:\n  a #b: "x\n  y"\n', undefined],
  ['an escaped double quote does not close', 'K: "a\\"\nb"\n', [[2, 1]]],
  ['a backslash in single quotes is literal', "K: 'a\\'\nb'\n", undefined],
  ['a doubled single quote does not close', "K: 'a''\nb'\n", [[2, 1]]],
  ['a doubled double quote closes', 'K: "a""\nb"\n', undefined],
  ['a continuation line that opens a quote in a flow', 'K: [a,\n"b]\nc"]\nL: 1\n', [[2, 1], [3, 1]]],
  ['a quoted scalar holding ",": the flow goes on after it', 'K: ["a,",\nb]\nL: 1\n', [[2, 1]]],
  ['a quote right after a closed quote opens nothing', 'K: ["a" "]\nL: 1\n', undefined],
  ['a comment after a closed value', 'K: "a" # c\nL: 1\n', undefined],
  ['a quote first in a flow sequence', 'K: ["a]\nb"]\nL: 1\n', [[2, 1]]],
  ['a comment in a flow', 'K: [a, # ]\nb]\nL: 1\n', [[2, 1]]],
  ['a nested flow sequence', 'K: [[a],\nb]\nL: 1\n', [[2, 1]]],
  ['a nested flow map', 'K: [{a: 1},\nb]\nL: 1\n', [[2, 1]]],
  ['a quote first in a nested flow', 'K: [["a]]\nb"]]\nL: 1\n', [[2, 1]]],
  ['a quote right after a closed nested flow opens nothing', 'K: [[a] "]\nL: 1\n', undefined],
  ['a double quote after a comma', 'K: [a,"b]\nc"]\nL: 1\n', [[2, 1]]],
  ['a double quote after a comma and a space', 'K: [a, "b]\nc"]\nL: 1\n', [[2, 1]]],
  ['a single quote after a comma and a space', "K: [a, 'b]\nc']\nL: 1\n", [[2, 1]]],
  ['a double quote after a comma and a tab', 'K: [a,\t"b]\nc"]\nL: 1\n', [[2, 1]]],
  ['a double quote after a comma and a lone CR', 'K: [a,\r"b]\nc"]\nL: 1\n', [[2, 1]]],
  ['a double quote after a colon and a space', 'K: {a: "b}\nc"}\nL: 1\n', [[2, 1]]],
  ['a quote inside a plain flow scalar opens nothing', 'K: [a"b]\nL: 1\n', undefined],
  ['a quote after a plain flow scalar and a space opens nothing', 'K: [a "b]\nL: 1\n', undefined],
];

describe('relayout: the lines it moves', () => {
  for (const [name, text, expected] of CASES) {
    it(name, () => assert.deepEqual(moved(text), expected));
  }

  it('the copy grows by at most the length of the text', () => {
    // Two lines moved 7 columns each: 14 spaces for a 14-character text.
    const text = '      K: "\nx\n"';
    assert.equal(text.length, 14);
    const layout = relayout(text)!;
    assert.equal(layout.text, '      K: "\n       x\n       "');
    assert.equal(relayout(` ${text}`), undefined);
  });

  it('the inserted spaces map back to the start of their line', () => {
    const text = 'A:\n  B: "x\n  y\nz"\n  C: 1\n';
    const layout = relayout(text)!;
    for (const insertion of layout.insertions) {
      for (let offset = insertion.relaidOffset; offset <= insertion.relaidOffset + insertion.count; offset++) {
        assert.equal(layout.toOriginal(offset), insertion.offset, `relaid offset ${offset}`);
      }
    }
  });
});
