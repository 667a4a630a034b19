import { connectionsOf, stackSettingsFrom } from './index.ts';
import { hubSettingsFrom as settingsWith, type HubSettings } from '../src/config/settings.ts';

/**
 * The hub's settings as the composition root reads them: the environment, with the services it
 * names (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, REDIS_URL and the SASL settings) or else the local
 * development stack's addresses.
 */
export const hubSettingsFrom = (env: NodeJS.ProcessEnv): HubSettings => settingsWith(env, connectionsOf(stackSettingsFrom(env)));
