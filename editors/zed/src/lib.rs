//! Zed extension: starts the `copydesk` language server found on PATH (or at
//! `lsp.copydesk.binary.path` in Zed's settings) for Markdown, plain text and
//! LaTeX, and passes `lsp.copydesk.initialization_options` and
//! `lsp.copydesk.settings` through.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Copydesk;

impl zed::Extension for Copydesk {
    fn new() -> Self {
        Copydesk
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let settings = LspSettings::for_worktree(language_server_id.as_ref(), worktree).ok();
        let binary = settings.as_ref().and_then(|s| s.binary.as_ref());
        let command = binary
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("copydesk"))
            .ok_or_else(|| {
                "copydesk was not found on PATH: install it (cargo install --path . --locked in a \
                 copydesk checkout, see https://github.com/copydesk/copydesk#install-and-run) or \
                 set lsp.copydesk.binary.path in Zed's settings"
                    .to_string()
            })?;
        let args = binary
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(
            LspSettings::for_worktree(language_server_id.as_ref(), worktree)
                .ok()
                .and_then(|s| s.initialization_options),
        )
    }

    fn language_server_workspace_configuration(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        let settings = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.settings);
        Ok(settings.map(|s| zed::serde_json::json!({ "copydesk": s })))
    }
}

zed::register_extension!(Copydesk);
