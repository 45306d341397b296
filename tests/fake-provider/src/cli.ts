/**
 * Starts the fake provider from the command line.
 */
import { startFakeProvider } from './server';

startFakeProvider({
	port: Number(process.env.FAKE_PROVIDER_PORT ?? 8790),
	slowMs: Number(process.env.FAKE_PROVIDER_SLOW_MS ?? 3000),
	chunkMs: Number(process.env.FAKE_PROVIDER_CHUNK_MS ?? 0),
}).then((fake) => {
	process.stdout.write(
		`fake-provider listening on http://127.0.0.1:${fake.port}\n`
	);
	const stop = () => {
		fake.close().then(() => process.exit(0));
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
});
