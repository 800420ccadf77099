/**
 * A minimal LSP client for yaml-language-server (the server inside VS Code's YAML
 * extension and the YAML support of other editors), run as editors run it:
 * `yaml-language-server --stdio`, settings pulled through workspace/configuration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  source?: string;
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

const bin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')),
  'bin',
  'yaml-language-server',
);

export class YamlLanguageServer {
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private version = 0;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly diagnosticsWanted = new Map<string, (d: Diagnostic[]) => void>();
  private stderr = '';
  private configured: () => void = () => undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly settings: object,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Start a server for a workspace folder, with the `yaml.*` settings an editor would send (schema store off: no network). */
  static async start(root: string, yamlSettings: object = {}): Promise<YamlLanguageServer> {
    const child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const server = new YamlLanguageServer(child, {
      validate: true,
      completion: true,
      hover: true,
      schemaStore: { enable: false },
      ...yamlSettings,
    });
    const rootUri = pathToFileURL(root).href;
    await server.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: { workspace: { configuration: true } },
    });
    server.notify('initialized', {});
    // Settings are pulled: wait until the server has asked for them and has them, as an editor's would.
    const configured = new Promise<void>((resolve) => (server.configured = resolve));
    server.notify('workspace/didChangeConfiguration', { settings: {} });
    await configured;
    return server;
  }

  /**
   * Open a document (it need not exist on disk) and return the diagnostics the server publishes for it.
   * Give each call its own file: documents stay open, so that no late notification for one is taken for another.
   */
  async diagnostics(file: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = new Promise<Diagnostic[]>((resolve) => this.diagnosticsWanted.set(uri, resolve));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    return published;
  }

  /** The labels the server offers at a 0-based line and character of the document. */
  async complete(file: string, text: string, line: number, character: number): Promise<string[]> {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    const result = (await this.request('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
    })) as {
      items: { label: string }[];
    };
    return result.items.map((item) => item.label);
  }

  /** The hover text (Markdown) the server shows at a 0-based line and character. */
  async hover(file: string, text: string, line: number, character: number): Promise<string> {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    const result = (await this.request('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    })) as {
      contents: { value: string } | string;
    } | null;
    if (!result) return '';
    return typeof result.contents === 'string' ? result.contents : result.contents.value;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request('shutdown', null);
    this.notify('exit', null);
    await exited;
  }

  private send(message: object): void {
    const text = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin?.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  private notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}\n${this.stderr}`)) : resolve(m.result),
      );
      this.send({ id, method, params });
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.method && message.id !== undefined) {
      // The server asks for settings (the `yaml` section) and may register capabilities.
      const items = (message.params as { items?: { section?: string }[] } | undefined)?.items;
      const result =
        message.method === 'workspace/configuration'
          ? (items ?? []).map((item) => (item.section === 'yaml' ? this.settings : null))
          : null;
      this.send({ id: message.id, result });
      if (message.method === 'workspace/configuration') this.configured();
    } else if (message.id !== undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnosticsWanted.get(uri)?.(diagnostics);
      this.diagnosticsWanted.delete(uri);
    }
  }
}
