-- :checkhealth copydesk
local M = {}

function M.check()
  local health = vim.health
  local copydesk = require("copydesk")
  health.start("copydesk")

  if vim.fn.has("nvim-0.11") == 1 then
    health.ok("Neovim " .. tostring(vim.version()) .. " (vim.lsp.config / vim.lsp.enable)")
  elseif vim.fn.has("nvim-0.10") == 1 then
    health.ok("Neovim " .. tostring(vim.version()) .. " (vim.lsp.start fallback)")
  else
    health.error("Neovim 0.10 or newer is required", { "Upgrade Neovim" })
  end

  if copydesk.config == nil then
    health.warn("require('copydesk').setup() has not been called", {
      "Add require('copydesk').setup({}) to your init.lua",
    })
  end

  local path, why = copydesk.find_binary()
  if not path then
    health.error(why, {
      "Install copydesk: cargo install --path . --locked (in a copydesk checkout)",
      "Or point the plugin at it: require('copydesk').setup({ cmd = { '/full/path/to/copydesk' } })",
      "Install instructions: " .. copydesk.install_url,
    })
    return
  end
  local result = vim.system({ path, "--version" }, { text = true }):wait(5000)
  if result.code == 0 then
    health.ok(string.format("%s (%s)", vim.trim(result.stdout or ""), path))
  else
    health.error(string.format("%s --version failed (exit %s): %s", path,
      tostring(result.code), vim.trim(result.stderr or "")))
  end

  local clients = vim.lsp.get_clients({ name = "copydesk" })
  if #clients > 0 then
    health.ok(string.format("server running (%d client(s))", #clients))
  else
    health.info("no copydesk server is running yet (it starts when a Markdown, text or LaTeX buffer opens)")
  end
end

return M
