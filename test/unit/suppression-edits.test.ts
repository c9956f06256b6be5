/**
 * The "suppress with a reason" edit and the line table suppressions are
 * placed with, on tiny texts.
 */
import assert from 'node:assert/strict';
import { lineOf, lineStarts, suppressionEdit, SUPPRESSION_MARKER } from '../../src/core/engine/suppressions';
import type { Finding } from '../../src/core/types';

function findingAt(offset: number): Finding {
  return { ruleId: 'R1', severity: 'warning', message: 'm', row: 'r', span: { offset, length: 1 }, resource: 'X', resourceType: 'T', sources: [], controls: [], docUrl: '' } as unknown as Finding;
}

describe('suppression edits', () => {
  it('a comment on the line above, at the line indentation, cursor after the separator', () => {
    const text = 'a:\n  b: 1\n';
    const edit = suppressionEdit(text, findingAt(5), undefined)!;
    const comment = `  # ${SUPPRESSION_MARKER} R1 -- `;
    assert.deepEqual(edit.edits, [{ offset: 3, length: 0, newText: `${comment}\n` }]);
    assert.equal(edit.cursor, 3 + comment.length);
  });

  it('JSON, even after a leading line break, gets what the format offers instead, or nothing', () => {
    assert.equal(suppressionEdit('\n{"a": 1}', findingAt(2), undefined), undefined);
    assert.equal(suppressionEdit('{"a": 1}', findingAt(1), {}), undefined);
  });

  it('lines end at LF, CRLF and a lone CR', () => {
    assert.deepEqual(lineStarts('a\rb\r\nc\nd'), [0, 2, 5, 7]);
    assert.deepEqual([0, 1, 2, 4, 5, 7, 9].map((offset) => lineOf([0, 2, 5, 7], offset)), [0, 0, 1, 1, 2, 3, 3]);
  });
});
