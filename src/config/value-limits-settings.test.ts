import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from './settings.js';

describe('value limit settings (docs/flows.md "Limits")', () => {
  it('default to 1 MiB, 1 MiB and 8 MiB', () => {
    expect(loadSettings({}).valueLimits).toEqual({
      templateBytes: 1_048_576,
      variableBytes: 1_048_576,
      executionVariablesBytes: 8_388_608,
    });
  });

  it('are read from HOOKLINE_MAX_*_BYTES', () => {
    const settings = loadSettings({
      HOOKLINE_MAX_TEMPLATE_BYTES: '1000',
      HOOKLINE_MAX_VARIABLE_BYTES: ' 2000 ',
      HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES: '3000',
    });
    expect(settings.valueLimits).toEqual({
      templateBytes: 1000,
      variableBytes: 2000,
      executionVariablesBytes: 3000,
    });
  });

  it.each(['0', '-1', '1.5', '1e6', 'lots', ''])('refuse %j', (text) => {
    expect(() => loadSettings({ HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES: text })).toThrow(
      new SettingsError(
        'HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES must be a positive whole number of bytes',
      ),
    );
  });
});
