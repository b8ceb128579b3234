// copydesk for VS Code: starts the copydesk language server over stdio and
// adds palette commands (check workspace, add to glossary, restart).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

const INSTALL_URL = "https://github.com/copydesk/copydesk#install-and-run";
const LANGUAGES = ["markdown", "plaintext", "latex", "tex"];
const SEVERITIES = ["off", "hint", "information", "warning", "error"];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

/** The copydesk binary: the copydesk.path setting, then PATH. */
export function findBinary(): { path?: string; tried: string[] } {
  const configured = vscode.workspace.getConfiguration("copydesk").get<string>("path", "").trim();
  const tried: string[] = [];
  if (configured) {
    const expanded = configured.startsWith("~")
      ? path.join(os.homedir(), configured.slice(1))
      : configured;
    const candidates = path.isAbsolute(expanded)
      ? [expanded]
      : (vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, expanded));
    for (const candidate of candidates) {
      tried.push(candidate);
      if (isExecutable(candidate)) {
        return { path: candidate, tried };
      }
    }
    return { tried };
  }
  const names = process.platform === "win32" ? ["copydesk.exe", "copydesk.cmd"] : ["copydesk"];
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  dirs.push(path.join(os.homedir(), ".cargo", "bin"));
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) {
        return { path: candidate, tried };
      }
    }
  }
  tried.push("copydesk on PATH and in ~/.cargo/bin");
  return { tried };
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The settings the server reads (SPEC §3.1): debounceMs, rules, glossaryPath. */
function serverSettings(scope?: vscode.ConfigurationScope | null): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("copydesk", scope ?? undefined);
  const rules: Record<string, string> = {};
  for (const [rule, severity] of Object.entries(config.get<Record<string, string>>("rules", {}))) {
    if (SEVERITIES.includes(severity)) {
      rules[rule] = severity;
    }
  }
  const settings: Record<string, unknown> = {
    debounceMs: config.get<number>("debounceMs", 0),
    rules,
  };
  const glossaryPath = config.get<string>("glossaryPath", "").trim();
  if (glossaryPath) {
    settings.glossaryPath = glossaryPath;
  }
  return settings;
}

async function reportMissing(tried: string[]): Promise<void> {
  const where = tried.join(", ");
  const choice = await vscode.window.showErrorMessage(
    `copydesk: the copydesk binary was not found (looked at ${where}). ` +
      "Install it (cargo install --path . --locked in a copydesk checkout) or set copydesk.path.",
    "Install instructions",
    "Set copydesk.path"
  );
  if (choice === "Install instructions") {
    await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
  } else if (choice === "Set copydesk.path") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.path");
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const binary = findBinary();
  if (!binary.path) {
    output.appendLine(`copydesk binary not found; looked at: ${binary.tried.join(", ")}`);
    output.appendLine(`PATH=${process.env.PATH ?? ""}`);
    void reportMissing(binary.tried);
    return;
  }
  output.appendLine(`starting ${binary.path} lsp`);
  const serverOptions: ServerOptions = {
    run: { command: binary.path, args: ["lsp"] },
    debug: { command: binary.path, args: ["lsp"] },
  };
  const documentSelector = LANGUAGES.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    initializationOptions: serverSettings(),
    synchronize: {
      configurationSection: "copydesk",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/copydesk.toml"),
    },
    middleware: {
      workspace: {
        // Answer workspace/configuration for the `copydesk` section with the
        // server's settings (not the client-only ones such as copydesk.path).
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return params.items.map((item, index) => {
            if (item.section !== "copydesk") {
              return result[index];
            }
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return serverSettings(scope);
          });
        },
      },
    },
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`copydesk: the server failed to start: ${String(error)}`);
  }
}

function serverCommands(): string[] {
  return client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
}

async function runServerCommand(command: string, args: unknown[]): Promise<unknown> {
  if (!client || client.state !== State.Running) {
    void vscode.window.showErrorMessage(
      "copydesk: the server is not running (see the copydesk output channel, or run \"copydesk: Restart server\")."
    );
    return undefined;
  }
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

async function checkWorkspace(): Promise<void> {
  if (!client || client.state !== State.Running) {
    await runServerCommand("copydesk.checkWorkspace", []);
    return;
  }
  if (!serverCommands().includes("copydesk.checkWorkspace")) {
    void vscode.window.showWarningMessage(
      "copydesk: this copydesk server cannot check the whole workspace yet (it does not offer copydesk.checkWorkspace). " +
        "Open files are checked as you write; run `copydesk check` in a terminal for the rest."
    );
    return;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "copydesk: checking the workspace" },
    () => runServerCommand("copydesk.checkWorkspace", [])
  );
  void vscode.window.showInformationMessage("copydesk: workspace checked; the findings are in the Problems panel.");
}

const NAME = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’.-]*[\p{L}\p{M}\p{N}]|[\p{L}\p{M}]/u;

/** The name to add: the selection, the canonical name of an entity
 *  diagnostic at the cursor, or the name under the cursor. */
export function nameAt(editor: vscode.TextEditor): string | undefined {
  const selection = editor.selection;
  if (!selection.isEmpty) {
    const text = editor.document.getText(selection).trim();
    if (text) {
      return text;
    }
  }
  const position = selection.active;
  for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
    const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
    if (diagnostic.source === "copydesk" && String(code).startsWith("entity.") && diagnostic.range.contains(position)) {
      const quoted = [...diagnostic.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      if (quoted.length > 0) {
        return quoted[quoted.length - 1];
      }
    }
  }
  const range = editor.document.getWordRangeAtPosition(position, NAME);
  if (!range) {
    return undefined;
  }
  return editor.document.getText(range).replace(/['’]s$/u, "").replace(/[.'’-]+$/u, "");
}

async function addToGlossary(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage("copydesk: open a document to add a name to its glossary.");
    return;
  }
  let name = nameAt(editor);
  name = await vscode.window.showInputBox({
    title: "copydesk: Add to glossary",
    prompt: "The canonical spelling to add to copydesk.toml ([entities] names)",
    value: name ?? "",
  });
  if (!name) {
    return;
  }
  await runServerCommand("copydesk.addToGlossary", [editor.document.uri.toString(), name]);
}

async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    try {
      await old.stop();
    } catch (error) {
      output.appendLine(`stopping the server: ${String(error)}`);
    }
  }
  await startClient(context);
  const started = client as LanguageClient | undefined;
  if (started?.state === State.Running) {
    void vscode.window.setStatusBarMessage("copydesk: server restarted", 3000);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("copydesk.client.checkWorkspace", checkWorkspace),
    vscode.commands.registerCommand("copydesk.client.addToGlossary", addToGlossary),
    vscode.commands.registerCommand("copydesk.client.restartServer", () => restartServer(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("copydesk.path")) {
        void restartServer(context);
      }
    })
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
