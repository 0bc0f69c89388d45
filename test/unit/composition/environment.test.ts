/** The environment contract: what an entry reads back is what a construct rendered, and a bad variable is named. */
import { describe, expect, it } from '@jest/globals';
import {
  EnvironmentError,
  optionalWholeNumber,
  readEnvironment,
  renderEnvironment,
  text,
  wholeNumber,
} from '../../../lambdas/composition/environment';

const SPEC = { TABLE_NAME: text, DETECTOR_THRESHOLD: wholeNumber, BLOCK_SECONDS: optionalWholeNumber } as const;

describe('readEnvironment', () => {
  it('reads text as given and whole numbers as numbers', () => {
    // Act
    const env = readEnvironment(SPEC, { TABLE_NAME: 'audit', DETECTOR_THRESHOLD: '10', BLOCK_SECONDS: '2' });
    // Assess
    expect(env).toEqual({ TABLE_NAME: 'audit', DETECTOR_THRESHOLD: 10, BLOCK_SECONDS: 2 });
  });

  it('leaves an absent or empty optional variable out', () => {
    // Act
    const env = readEnvironment(SPEC, { TABLE_NAME: 'audit', DETECTOR_THRESHOLD: '10', BLOCK_SECONDS: '' });
    // Assess
    expect('BLOCK_SECONDS' in env).toBe(false);
  });

  it('names a missing required variable', () => {
    // Act
    const read = () => readEnvironment(SPEC, { DETECTOR_THRESHOLD: '10' });
    // Assess
    expect(read).toThrow(new EnvironmentError('TABLE_NAME', 'environment variable TABLE_NAME is not set'));
  });

  it('treats an empty required variable as missing', () => {
    // Act
    const read = () => readEnvironment(SPEC, { TABLE_NAME: '', DETECTOR_THRESHOLD: '10' });
    // Assess
    expect(read).toThrow(/TABLE_NAME is not set/);
  });

  it.each(['ten', '1.5', '-3', '1e3'])('names a whole-number variable set to %j', (raw) => {
    // Act
    const read = () => readEnvironment(SPEC, { TABLE_NAME: 'audit', DETECTOR_THRESHOLD: raw });
    // Assess
    expect(read).toThrow(/DETECTOR_THRESHOLD must be a whole number/);
  });

  it('reports the bad variable by name on the error', () => {
    // Prepare
    expect.assertions(1);
    // Act
    try {
      readEnvironment(SPEC, { TABLE_NAME: 'audit', DETECTOR_THRESHOLD: '10', BLOCK_SECONDS: 'soon' });
    } catch (error) {
      // Assess
      expect((error as EnvironmentError).variable).toBe('BLOCK_SECONDS');
    }
  });
});

describe('renderEnvironment', () => {
  it('renders every given variable as a string and leaves absent optional ones out', () => {
    // Act
    const rendered = renderEnvironment(SPEC, { TABLE_NAME: 'audit', DETECTOR_THRESHOLD: 10 });
    // Assess
    expect(rendered).toEqual({ TABLE_NAME: 'audit', DETECTOR_THRESHOLD: '10' });
  });

  it('renders what readEnvironment reads back unchanged', () => {
    // Prepare
    const values = { TABLE_NAME: 'audit', DETECTOR_THRESHOLD: 5, BLOCK_SECONDS: 60 };
    // Act
    const roundTrip = readEnvironment(SPEC, renderEnvironment(SPEC, values));
    // Assess
    expect(roundTrip).toEqual(values);
  });
});
