/**
 * `npm start`: the local cloud on http://127.0.0.1:${PORT:-3000}, data in ${DATA_DIR:-.localcloud},
 * demo data seeded into an empty data dir, one line containing `ready` when it serves.
 */
import { resolve } from 'node:path';
import { createLocalCloud, PROJECT_ROOT } from './index';
import { createHttpServer } from './server';
import { seedDemoData } from './seed';
import { previewRoutes } from './preview';
import { consoleRoutes } from './console';

// A platform API the local cloud does not stand in for may still try the network from a promise nobody
// awaits (the SDK's own storage calls did, and Node's default then ends the process): log it, keep serving.
process.on('unhandledRejection', (err) => console.error('[localcloud] unhandled rejection (the local cloud keeps running):', err));

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(PROJECT_ROOT, process.env.DATA_DIR ?? '.localcloud');
  const cloud = createLocalCloud({
    dataDir,
    extraFunctionDirs: process.env.EXTRA_FUNCTIONS_DIR ? [process.env.EXTRA_FUNCTIONS_DIR] : [],
    adminOpenids: (process.env.LOCAL_ADMIN_OPENIDS ?? 'o-admin').split(',').map((s) => s.trim()).filter(Boolean),
    autoTimers: process.env.LOCAL_TIMERS !== 'off',
  });
  if (cloud.engine.find('products', {}, { limit: 1 }).total === 0 && process.env.SEED !== 'off') {
    const ids = await seedDemoData(cloud);
    console.log(`[localcloud] seeded demo data (${Object.keys(ids).length} entities)`);
  }
  const server = createHttpServer(cloud, [previewRoutes(cloud), consoleRoutes(cloud)]);
  server.listen(port, '127.0.0.1', () => {
    console.log(`[localcloud] ready on http://127.0.0.1:${port} — open http://127.0.0.1:${port}/preview for the mini-program, http://127.0.0.1:${port}/ for the console (data: ${dataDir}; ${cloud.host.defs.size} functions)`);
  });
  const stop = () => {
    server.close();
    cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('[localcloud] failed to start:', err);
  process.exit(1);
});
