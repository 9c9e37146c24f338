import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createNodePlanServerDeps } from './nodeDeps';
import { startPlanServer } from './planServer';

// Entry of dist/server.js, started by the extension's language client over IPC.
const connection = createConnection(ProposedFeatures.all);
startPlanServer(connection, createNodePlanServerDeps());
connection.listen();
