export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_VALUE_LIMITS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_MAX_EXECUTIONS,
  loadSettings,
  SettingsError,
  type Settings,
} from './settings.js';
