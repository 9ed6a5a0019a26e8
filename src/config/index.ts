export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_VALUE_LIMITS,
  loadSettings,
  SettingsError,
  type Settings,
} from './settings.js';
