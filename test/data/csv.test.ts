/**
 * CSV datasets: what a valid file gives, and every malformed input refused with the data
 * row (from 1, after the header), the line, the column's name and what is allowed.
 */
import { describe, expect, test } from 'vitest';
import { parseCsvDataset } from '../../src/data/csv.ts';
import { DATASET_LIMITS, type DatasetLimits } from '../../src/data/dataset.ts';
import { expectConfigError } from '../helpers/config-error.ts';

const SMALL: DatasetLimits = { maxSamples: 4, maxFeatures: 3, maxValues: 6, maxCsvChars: 200 };

describe('valid files', () => {
  test('the target column comes out; the other columns are features, row-major, in order', () => {
    const data = parseCsvDataset('a,price,b\n1,10,2\n3,30,4\n5,50,6\n', 'price');
    expect(data.sampleCount).toBe(3);
    expect(data.featureCount).toBe(2);
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(data.targetName).toBe('price');
    expect(Array.from(data.features)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(data.target)).toEqual([10, 30, 50]);
  });

  test('number forms: signs, exponents, leading or trailing point, spaces, quotes; rounded to f32', () => {
    const data = parseCsvDataset('x,y\n-1.5e3, +.5\n3.,"0.1"\n 1E-2 ,-0\n', 'y');
    expect(Array.from(data.features)).toEqual([-1500, 3, Math.fround(0.01)]);
    expect(Array.from(data.target)).toEqual([0.5, Math.fround(0.1), -0]);
  });

  test('CRLF, a UTF-8 byte order mark, blank lines, no final newline, names trimmed', () => {
    const data = parseCsvDataset('\ufeff x , y \r\n1,2\r\n\r\n3,4', 'y');
    expect(data.featureNames).toEqual(['x']);
    expect(data.targetName).toBe('y');
    expect(Array.from(data.target)).toEqual([2, 4]);
  });

  test('quoted names with commas; a large file grows its arrays past the first block', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i * 2},${-i}`);
    const data = parseCsvDataset(`"a, b",target,c\n${rows.join('\n')}\n`, 'target');
    expect(data.featureNames).toEqual(['a, b', 'c']);
    expect(data.sampleCount).toBe(5000);
    expect(data.features.length).toBe(10000);
    expect(data.features[2 * 4999 + 1]).toBe(-4999);
    expect(data.target[4999]).toBe(9998);
  });
});

describe('malformed files', () => {
  test('empty file, or only blank lines', () => {
    expectConfigError(() => parseCsvDataset('', 'y'), 'csv', 'got ""', 'a header row naming the columns');
    expectConfigError(() => parseCsvDataset('\n\r\n  \n', 'y'), 'csv', 'got ""');
  });

  test('header only', () => {
    expectConfigError(() => parseCsvDataset('x,y\n', 'y'), 'csv.rows', 'got 0', 'at least 1 data row');
    expectConfigError(() => parseCsvDataset('x,y\n\n\n', 'y'), 'csv.rows', 'got 0');
  });

  test('a duplicate header name', () => {
    expectConfigError(() => parseCsvDataset('a,b, a\n1,2,3\n', 'b'), 'csv.header column 3', 'got "a"', 'column 1 is "a"');
  });

  test('an empty header name', () => {
    expectConfigError(() => parseCsvDataset('a,,y\n1,2,3\n', 'y'), 'csv.header column 2', 'got ""', 'every column needs one');
    expectConfigError(() => parseCsvDataset('a,y,  \n1,2,3\n', 'y'), 'csv.header column 3', 'got ""');
  });

  test('the target column missing: the available columns are listed', () => {
    expectConfigError(() => parseCsvDataset('a,b,c\n1,2,3\n', 'Price'), 'target', 'got "Price"', 'a column of the header: "a", "b", "c"');
    expectConfigError(() => parseCsvDataset('a,b\n1,2\n', ''), 'target', 'got ""', '"a", "b"');
    const wide = Array.from({ length: 30 }, (_, j) => `f${j}`).join(',');
    expectConfigError(() => parseCsvDataset(`${wide}\n`, 'y'), 'target', '"f0", "f1"', '"f19" and 10 more');
  });

  test('the target alone: no feature columns', () => {
    expectConfigError(() => parseCsvDataset('y\n1\n2\n', 'y'), 'csv.header column count', 'got 1', 'the target and 1 feature or more');
  });

  test('ragged rows: too few and too many cells', () => {
    expectConfigError(() => parseCsvDataset('a,b,y\n1,2,3\n4,5\n', 'y'), 'csv row 2 (line 3) cell count', 'got 2', 'allowed: 3, one per header column');
    expectConfigError(() => parseCsvDataset('a,b,y\n1,2,3,4\n', 'y'), 'csv row 1 (line 2) cell count', 'got 4');
    expectConfigError(() => parseCsvDataset('a,b,y\n1,2,3\n1,2,3,\n', 'y'), 'csv row 2 (line 3) cell count', 'got 4');
  });

  test('non-numeric cells, named by row and column', () => {
    for (const cell of ['abc', '1.2.3', '0x10', '1_000', 'true', '1e', '--1', '€5', '1 2']) {
      expectConfigError(() => parseCsvDataset(`a,b,y\n1,2,3\n4,${cell},6\n`, 'y'), 'csv row 2 (line 3), column "b"', `got ${JSON.stringify(cell)}`, 'a number such as 1.5');
    }
    expectConfigError(() => parseCsvDataset('a,y\n1,oops\n', 'y'), 'csv row 1 (line 2), column "y"', 'got "oops"');
  });

  test('empty cells', () => {
    expectConfigError(() => parseCsvDataset('a,b,y\n1,,3\n', 'y'), 'csv row 1 (line 2), column "b"', 'got ""', 'empty cells are not allowed');
    expectConfigError(() => parseCsvDataset('a,b,y\n1,  ,3\n', 'y'), 'csv row 1 (line 2), column "b"', 'got "  "');
  });

  test('NaN and Infinity cells', () => {
    for (const cell of ['NaN', 'nan', 'Infinity', '-Infinity', '+inf', 'INF']) {
      expectConfigError(() => parseCsvDataset(`a,y\n1,2\n${cell},4\n`, 'y'), 'csv row 2 (line 3), column "a"', `got ${JSON.stringify(cell)}`, 'NaN and Infinity are not data');
    }
  });

  test('numbers beyond the f32 range', () => {
    expectConfigError(() => parseCsvDataset('a,y\n1e39,2\n', 'y'), 'csv row 1 (line 2), column "a"', 'got "1e39"', '3.4028235e38');
    expectConfigError(() => parseCsvDataset('a,y\n1,-1e400\n', 'y'), 'csv row 1 (line 2), column "y"', 'got "-1e400"');
  });

  test('an unterminated quote', () => {
    expectConfigError(() => parseCsvDataset('a,y\n1,2\n3,"4\n5,6\n', 'y'), 'csv row 2 (line 3)', 'got "3,\\"4\\n5,6\\n"', 'quoted cell closed by its quote');
    expectConfigError(() => parseCsvDataset('"a,y\n1,2\n', 'y'), 'csv line 1', 'quoted cell');
  });

  test('row numbers count data rows; line numbers count blank lines and quoted line breaks', () => {
    expectConfigError(() => parseCsvDataset('a,y\n1,2\n\n\n3,x\n', 'y'), 'csv row 2 (line 5), column "y"', 'got "x"');
    expectConfigError(() => parseCsvDataset('a,y\r\n"1\r\n",2\r\nz,3\r\n', 'y'), 'csv row 2 (line 4), column "a"', 'got "z"');
    expectConfigError(() => parseCsvDataset('a,y\r\n1,2\r\nz,3\r\n', 'y'), 'csv row 2 (line 3), column "a"');
  });

  test('nothing half-loaded: an error in the last row throws, with no partial result', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${i}`).join('\n');
    expectConfigError(() => parseCsvDataset(`a,y\n${rows}\n1,bad\n`, 'y'), 'csv row 3001 (line 3002), column "y"');
  });
});

describe('absurd sizes', () => {
  test('too many characters, at the real limit, refused before parsing', () => {
    const text = 'a,y\n'.padEnd(DATASET_LIMITS.maxCsvChars + 1, '1');
    expectConfigError(() => parseCsvDataset(text, 'y'), 'csv.length', 'got 268435457', 'at most 268,435,456 characters');
  });

  test('too many columns, at the real limit', () => {
    const header = Array.from({ length: DATASET_LIMITS.maxFeatures + 2 }, (_, j) => `c${j}`).join(',');
    expectConfigError(() => parseCsvDataset(header, 'c0'), 'csv.header column count', 'got 1000002', 'at most 1,000,001');
  });

  test('too many rows: the exact count is reported', () => {
    const text = `a,b,y\n${'1,2,3\n'.repeat(3)}1,2\n`; // 3 rows of 2 features = 6 values = maxValues; the 4th is one too many
    expectConfigError(() => parseCsvDataset(text, 'y', SMALL), 'csv.rows', 'got 4', 'at most 3 samples with 2 features', 'limits: 4 samples, 3 features, 6 feature values');
    expectConfigError(() => parseCsvDataset(`a,y\n${'1,2\n'.repeat(9)}`, 'y', SMALL), 'csv.rows', 'got 9', 'at most 4 samples with 1 features');
  });

  test('too many columns and characters under smaller limits', () => {
    expectConfigError(() => parseCsvDataset('a,b,c,d,y\n1,2,3,4,5\n', 'y', SMALL), 'csv.header column count', 'got 5', 'at most 4');
    expectConfigError(() => parseCsvDataset(`a,y\n${'1,2\n'.repeat(60)}`, 'y', SMALL), 'csv.length', 'got 244', 'at most 200 characters');
  });
});
