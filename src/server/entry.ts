/** dist/server.js: starts the language server on the transport its command line names (see main.ts). */
import { startFromArguments } from './main';

startFromArguments(__dirname);
