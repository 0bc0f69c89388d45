import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { neutraliseControls } from '../../../lambdas/core/display-text';
import { csvField, csvLine, neutraliseCell } from '../../../lambdas/core/query/csv';

/** A minimal RFC 4180 reader for one line, to check quoting without a dependency. */
function readLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    }
    else if (c === '\r' && line[i + 1] === '\n') break;
    else cell += c;
  }
  cells.push(cell);
  return cells;
}

describe('CSV cells', () => {
  it.each(['=SUM(A1)', '+1', '-2', '@cmd', '\tx', '\rx'])('neutralises %j with a leading quote', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it('leaves ordinary text alone', () => {
    expect(csvField('donation DN-2041')).toBe('donation DN-2041');
  });

  it('never emits a cell a spreadsheet would evaluate', () => {
    fc.assert(fc.property(fc.string(), (value) => !/^[=+\-@\t\r]/.test(readLine(csvLine([value]))[0] as string)));
  });

  it('shows terminal escapes and bells as visible text', () => {
    expect(csvField('ok\u001b[2J\u0007done')).toBe('ok\\u001b[2J\\u0007done');
  });

  it('never emits a control character other than tab and line breaks', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      expect(csvField(value)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    }));
  });

  it('reads back every line to its neutralised cells', () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
      expect(readLine(csvLine(cells))).toEqual(cells.map((c) => neutraliseCell(neutraliseControls(c))));
    }));
  });
});
