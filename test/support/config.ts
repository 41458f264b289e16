/**
 * Tests that write operator configuration straight into the database (or remove it) do what any such write
 * must do: bump `settings/config_version`, so every function instance's configuration cache drops it at once
 * (server/kernel/config.ts). Admin actions bump it themselves.
 */
import { CONFIG_VERSION } from '../../server/kernel/config';
import { db } from '../../server/kernel/db';

export async function configChanged(): Promise<void> {
  const ref = db().collection(CONFIG_VERSION.collection).doc(CONFIG_VERSION.id);
  const current = (await ref.get()).data as { v?: number } | null;
  await ref.set({ data: { v: (current?.v ?? 0) + 1 } });
}

/** Removes configuration documents of `settings` and bumps the version. */
export async function removeSettings(...ids: string[]): Promise<void> {
  for (const id of ids) await db().collection('settings').doc(id).remove();
  await configChanged();
}
