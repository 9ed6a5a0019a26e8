export {
  DEFAULT_MAX_RESPONSE_BYTES,
  loadSettings,
  SettingsError,
  type Settings,
} from './settings.js';
