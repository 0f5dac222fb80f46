// Runs the CLI from source (tests and development): node --conditions=@replica/source --import tsx apps/lab/test/cli-from-source.ts <args>
import { main } from '../src/cli';
import { installWriteCleanup } from '../src/host/io';

installWriteCleanup();

process.exitCode = await main(process.argv.slice(2));
