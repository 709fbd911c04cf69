// Settings pulled per document from the client (never cached across documents or changes).
import { Connection } from 'vscode-languageserver';
import { DEFAULT_SERVER_SETTINGS, ServerSettings, SETTINGS_SECTION } from '../shared/protocol';

export class SettingsSource {
  supported = false;
  private readonly perDocument = new Map<string, Promise<ServerSettings>>();

  constructor(private readonly connection: Connection) {}

  forDocument(uri: string): Promise<ServerSettings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SERVER_SETTINGS);
    let pending = this.perDocument.get(uri);
    if (!pending) {
      pending = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw: Partial<{ diagnostics: Partial<ServerSettings['diagnostics']> }> | null) => ({
          diagnostics: {
            minLevel: raw?.diagnostics?.minLevel === 'warning' ? 'warning' : 'error',
            maxPerFile: Math.max(1, Number(raw?.diagnostics?.maxPerFile) || DEFAULT_SERVER_SETTINGS.diagnostics.maxPerFile),
          },
        }),
        () => DEFAULT_SERVER_SETTINGS,
      );
      this.perDocument.set(uri, pending);
    }
    return pending;
  }

  /** Settings changed, or the document closed: ask again next time. */
  forget(uri?: string): void {
    if (uri) this.perDocument.delete(uri);
    else this.perDocument.clear();
  }
}
