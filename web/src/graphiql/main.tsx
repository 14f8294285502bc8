import './workers';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './graphiql.css';

import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_HEADERS, DEFAULT_QUERY } from './defaults';
import { createWalletFetcher } from './fetcher';

const fetcher = createWalletFetcher();
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={DEFAULT_HEADERS}
      defaultEditorToolsVisibility="headers"
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
    >
      <GraphiQL.Logo>
        <a className="gql-brand" href="/" title="Back to the dashboard">
          <span className="gql-brand-mark" aria-hidden="true">W</span>
          Wallet API
        </a>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

const el = document.getElementById('graphiql');
if (el) {
  createRoot(el).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
