import { repoRoot, stackSettingsFrom } from '../../infra/index.ts';
import { serverProperties } from '../../infra/stack/kafka.ts';

export { repoRoot };
export const serverPropertiesForTest = (): string => serverProperties(stackSettingsFrom({ HUB_KAFKA_PORT: '19999' }), '/tmp/data');
