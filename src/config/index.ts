export { deliveryPolicy, loadSettings, parseConfig, readEnv, hashApiKey, ConfigError, DEFAULT_CONFIG_PATH } from './load.ts';
export type { DeliveryPolicy } from './load.ts';
export type * from './types.ts';
export { SecretValue } from './secret.ts';
