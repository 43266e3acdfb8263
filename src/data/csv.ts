/**
 * A regression dataset from CSV text: a header row naming the columns, then one row per
 * sample of numbers separated by commas; the column named by `targetColumn` is the target
 * and every other column is a feature. Tokenizing (quotes, CRLF, a UTF-8 BOM) is
 * papaparse's; this module decides what a valid dataset is and says exactly where one is
 * not. It takes text, never a path or URL: the app reads a File, the CLI reads a file, and
 * nothing leaves the machine. Not a general CSV importer: no other separators, no missing
 * values, no categorical columns.
 *
 * Rows are numbered from 1 after the header and blank lines are not counted; every error
 * also gives the line in the file, which differs when there are blank lines or quoted
 * line breaks. Parsing either returns a whole dataset or throws: nothing is half-loaded.
 */
import Papa from 'papaparse';
import { ConfigError } from '../engine/config-error.ts';
import { F32_RANGE } from './binary.ts';
import { count, DATASET_LIMITS, describeSizeLimit, maxSamplesFor, type Dataset, type DatasetLimits } from './dataset.ts';

/** A plain decimal: 1, -2.5, .5, 3., 1e-3. Not hex, not "1_000", not "Infinity". */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const NUMBER_ALLOWED = 'a number such as 1.5, -2 or 3e-4';
/** How many column names an error lists before it says how many more there are. */
const NAMES_SHOWN = 20;

/** Parses CSV text into a dataset; throws `ConfigError` naming the row, column or field at fault. */
export function parseCsvDataset(text: string, targetColumn: string, limits: DatasetLimits = DATASET_LIMITS): Dataset {
  if (typeof text !== 'string') throw new ConfigError('csv', typeof text, "the file's text as a string");
  if (text.length > limits.maxCsvChars) {
    throw new ConfigError('csv.length', text.length, `at most ${count(limits.maxCsvChars)} characters`);
  }
  // Stripped here rather than by papaparse so that cursors index into the same string.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const reader = new CsvDatasetReader(source, targetColumn, limits);
  Papa.parse<string[]>(source, {
    delimiter: ',',
    download: false, // text in, numbers out: papaparse must never treat it as a URL
    worker: false,
    step: (result) => reader.record(result.data, result.errors, result.meta.cursor, result.meta.linebreak),
  });
  return reader.finish();
}

class CsvDatasetReader {
  #header: string[] | null = null;
  #targetIndex = -1;
  #rows = 0;
  #maxRows = 0;
  #capacity = 0;
  #features = new Float32Array(0);
  #target = new Float32Array(0);
  /** Where the current record starts in the text, for line numbers in errors. */
  #recordStart = 0;
  #linebreak = '\n';

  constructor(
    private readonly text: string,
    private readonly targetColumn: string,
    private readonly limits: DatasetLimits,
  ) {}

  record(cells: string[], errors: readonly Papa.ParseError[], cursor: number, linebreak: string): void {
    const start = this.#recordStart;
    this.#recordStart = cursor;
    this.#linebreak = linebreak;
    if (cells.length === 1 && cells[0]!.trim() === '') return; // a blank line
    if (this.#header !== null) this.#rows++;
    // Past the limit only count, so the error can say how many rows there really are.
    if (this.#rows > this.#maxRows) return;
    if (errors.length > 0) {
      throw new ConfigError(
        this.#where(start),
        this.text.slice(start, Math.min(cursor, start + 80)),
        `cells separated by commas, a quoted cell closed by its quote (${errors[0]!.message})`,
      );
    }
    if (this.#header === null) {
      this.#readHeader(cells);
      return;
    }
    const header = this.#header;
    if (cells.length !== header.length) {
      throw new ConfigError(`${this.#where(start)} cell count`, cells.length, `${header.length}, one per header column`);
    }
    this.#grow();
    const d = header.length - 1;
    let at = (this.#rows - 1) * d;
    for (let column = 0; column < cells.length; column++) {
      const value = this.#parseCell(cells[column]!, start, column);
      if (column === this.#targetIndex) this.#target[this.#rows - 1] = value;
      else this.#features[at++] = value;
    }
  }

  finish(): Dataset {
    const header = this.#header;
    if (header === null) {
      throw new ConfigError('csv', this.text.trim().slice(0, 80), 'a header row naming the columns, then one row of numbers per sample');
    }
    const d = header.length - 1;
    if (this.#rows === 0) throw new ConfigError('csv.rows', 0, 'at least 1 data row after the header');
    if (this.#rows > this.#maxRows) throw new ConfigError('csv.rows', this.#rows, describeSizeLimit(d, this.limits));
    return {
      features: this.#features.slice(0, this.#rows * d),
      target: this.#target.slice(0, this.#rows),
      sampleCount: this.#rows,
      featureCount: d,
      featureNames: header.filter((_, j) => j !== this.#targetIndex),
      targetName: header[this.#targetIndex]!,
    };
  }

  #readHeader(cells: string[]): void {
    if (cells.length > this.limits.maxFeatures + 1) {
      throw new ConfigError('csv.header column count', cells.length, `at most ${count(this.limits.maxFeatures + 1)} (the target and the features)`);
    }
    const names = cells.map((cell) => cell.trim());
    const seen = new Map<string, number>();
    names.forEach((name, j) => {
      const field = `csv.header column ${j + 1}`;
      if (name === '') throw new ConfigError(field, name, 'a name (every column needs one)');
      const first = seen.get(name);
      if (first !== undefined) throw new ConfigError(field, name, `a name not already used (column ${first + 1} is ${JSON.stringify(name)})`);
      seen.set(name, j);
    });
    const targetIndex = seen.get(this.targetColumn);
    if (targetIndex === undefined) {
      const listed = names.slice(0, NAMES_SHOWN).map((name) => JSON.stringify(name)).join(', ');
      const more = names.length > NAMES_SHOWN ? ` and ${count(names.length - NAMES_SHOWN)} more` : '';
      throw new ConfigError('target', this.targetColumn, `a column of the header: ${listed}${more}`);
    }
    if (names.length < 2) {
      throw new ConfigError('csv.header column count', names.length, 'at least 2: the target and 1 feature or more');
    }
    this.#header = names;
    this.#targetIndex = targetIndex;
    this.#maxRows = maxSamplesFor(names.length - 1, this.limits);
  }

  #parseCell(raw: string, recordStart: number, column: number): number {
    const cell = raw.trim();
    if (DECIMAL.test(cell)) {
      const value = Math.fround(Number(cell));
      if (value - value === 0) return value;
    }
    // Off the hot path: work out why the cell was refused.
    const allowed =
      cell === ''
        ? `${NUMBER_ALLOWED} (empty cells are not allowed: fill them or drop the row)`
        : NON_FINITE.test(cell)
          ? 'a finite number (NaN and Infinity are not data)'
          : DECIMAL.test(cell)
            ? F32_RANGE
            : NUMBER_ALLOWED;
    throw new ConfigError(`${this.#where(recordStart)}, column ${JSON.stringify(this.#header![column])}`, raw, allowed);
  }

  /** Doubles the arrays when the current row does not fit: amortised O(1) per row. */
  #grow(): void {
    if (this.#rows <= this.#capacity) return;
    const d = this.#header!.length - 1;
    this.#capacity = Math.min(this.#maxRows, Math.max(1024, this.#capacity * 2));
    const features = new Float32Array(this.#capacity * d);
    features.set(this.#features);
    const target = new Float32Array(this.#capacity);
    target.set(this.#target);
    this.#features = features;
    this.#target = target;
  }

  #where(recordStart: number): string {
    // Counted only when an error is thrown, so the common path never scans the text twice.
    const mark = this.#linebreak === '\r' ? '\r' : '\n';
    let line = 1;
    for (let at = this.text.indexOf(mark); at !== -1 && at < recordStart; at = this.text.indexOf(mark, at + 1)) line++;
    return this.#header === null ? `csv line ${line}` : `csv row ${this.#rows} (line ${line})`;
  }
}
