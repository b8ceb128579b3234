-- copydesk for Neovim: prose review (name consistency, unhedged claims) as
-- LSP diagnostics and quick fixes.
--
--   require("copydesk").setup({
--     cmd = { "copydesk" },                 -- or { "/path/to/copydesk", "lsp" }
--     filetypes = { "markdown", "text", "tex", "plaintex" },
--     settings = { debounceMs = 0, rules = { ["claim.booster"] = "hint" } },
--   })
--
-- Neovim 0.11+ uses vim.lsp.config/vim.lsp.enable; 0.10 falls back to
-- vim.lsp.start from a FileType autocommand.

local M = {}

M.install_url = "https://github.com/copydesk/copydesk#install-and-run"

M.defaults = {
  cmd = { "copydesk" },
  filetypes = { "markdown", "text", "tex", "plaintex" },
  root_markers = { "copydesk.toml", ".git" },
  -- Sent as initializationOptions and as the `copydesk` section of
  -- workspace/configuration: { debounceMs = 0, rules = { [id] = severity } }.
  settings = { debounceMs = 0 },
  on_attach = nil,
  capabilities = nil,
}

M.config = nil

local function notify(msg, level)
  vim.notify("copydesk: " .. msg, level or vim.log.levels.INFO)
end

--- Whether the configured binary can be run; returns the resolved path or
--- nil and an explanation.
function M.find_binary(cmd)
  cmd = cmd or (M.config and M.config.cmd) or M.defaults.cmd
  local exe = cmd[1]
  if exe == nil or exe == "" then
    return nil, "no copydesk command is configured (setup{ cmd = { ... } })"
  end
  if vim.fn.executable(exe) == 1 then
    return vim.fn.exepath(exe)
  end
  return nil,
    string.format(
      "the copydesk binary %q was not found on PATH or is not executable. "
        .. "Install it with `cargo install --path . --locked` from a copydesk checkout, "
        .. "or set require('copydesk').setup({ cmd = { '/full/path/to/copydesk' } }). See %s.",
      exe,
      M.install_url
    )
end

--- The running copydesk client attached to `bufnr` (or any buffer).
function M.client(bufnr)
  local clients = vim.lsp.get_clients({ name = "copydesk", bufnr = bufnr })
  if #clients == 0 and bufnr then
    clients = vim.lsp.get_clients({ name = "copydesk" })
  end
  return clients[1]
end

local function supports_command(client, command)
  local provider = client.server_capabilities.executeCommandProvider
  return provider ~= nil and vim.tbl_contains(provider.commands or {}, command)
end

local function execute(client, bufnr, command, arguments, on_done)
  local params = { command = command, arguments = arguments }
  local handler = function(err)
    if err then
      notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif on_done then
      on_done()
    end
  end
  if vim.fn.has("nvim-0.11") == 1 then
    client:request("workspace/executeCommand", params, handler, bufnr)
  else
    client.request("workspace/executeCommand", params, handler, bufnr)
  end
end

local function require_client(bufnr)
  local client = M.client(bufnr)
  if client then
    return client
  end
  local _, why = M.find_binary()
  if why then
    notify(why, vim.log.levels.ERROR)
  else
    notify("the copydesk server is not running for this buffer (is its filetype one of "
      .. table.concat((M.config or M.defaults).filetypes, ", ") .. "?)", vim.log.levels.ERROR)
  end
  return nil
end

--- :CopydeskCheckWorkspace — ask the server to check every prose file in the
--- workspace (copydesk.checkWorkspace).
function M.check_workspace()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = require_client(bufnr)
  if not client then
    return
  end
  if not supports_command(client, "copydesk.checkWorkspace") then
    notify(
      "this copydesk server does not offer copydesk.checkWorkspace yet; "
        .. "run `copydesk check` in a terminal to check the whole workspace",
      vim.log.levels.WARN
    )
    return
  end
  execute(client, bufnr, "copydesk.checkWorkspace", {}, function()
    notify("workspace checked")
  end)
end

-- The name a command should act on: an explicit argument, the visual
-- selection, the canonical name of a copydesk entity diagnostic under the
-- cursor, or the name-like word under the cursor.
function M.name_at_cursor(bufnr, range_given, line1, line2)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if range_given then
    local s = vim.fn.getpos("'<")
    local e = vim.fn.getpos("'>")
    if s[2] == line1 and e[2] == line2 and s[2] == e[2] then
      local line = vim.api.nvim_buf_get_lines(bufnr, s[2] - 1, s[2], false)[1] or ""
      local text = line:sub(s[3], math.min(e[3], #line))
      text = vim.trim(text)
      if text ~= "" then
        return text
      end
    end
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = row - 1 })) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if d.source == "copydesk" and type(code) == "string" and code:match("^entity%.")
      and col >= d.col and col < (d.end_col or d.col + 1) then
      local quoted = {}
      for q in d.message:gmatch('"([^"]+)"') do
        table.insert(quoted, q)
      end
      if #quoted > 0 then
        return quoted[#quoted]
      end
    end
  end
  local line = vim.api.nvim_get_current_line()
  -- Letters (any script), digits, hyphens, apostrophes and dots inside a name.
  local pos = col + 1
  local word_char = "[%w%-'\128-\255]"
  if not line:sub(pos, pos):match(word_char) then
    return nil
  end
  local s, e = pos, pos
  while s > 1 and line:sub(s - 1, s - 1):match(word_char) do
    s = s - 1
  end
  while e < #line and line:sub(e + 1, e + 1):match(word_char) do
    e = e + 1
  end
  local word = line:sub(s, e):gsub("^[%-']+", ""):gsub("[%-']+$", ""):gsub("'s$", "")
  if word == "" then
    return nil
  end
  return word
end

--- :CopydeskAddToGlossary [name] — add a name to copydesk.toml's
--- [entities] names (copydesk.addToGlossary).
function M.add_to_glossary(name, opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local client = require_client(bufnr)
  if not client then
    return
  end
  if name == nil or name == "" then
    name = M.name_at_cursor(bufnr, opts.range_given, opts.line1, opts.line2)
  end
  if not name then
    notify("no name under the cursor; give one: :CopydeskAddToGlossary Name", vim.log.levels.WARN)
    return
  end
  execute(client, bufnr, "copydesk.addToGlossary", { vim.uri_from_bufnr(bufnr), name }, function()
    notify(string.format("added %q to the glossary", name))
  end)
end

--- :CopydeskFixAll — apply every preferred fix in the buffer.
function M.fix_all()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = require_client(bufnr)
  if client then
    execute(client, bufnr, "copydesk.fixAll", { vim.uri_from_bufnr(bufnr) })
  end
end

--- :CopydeskRestart — stop the server; it starts again for open buffers.
function M.restart()
  local clients = vim.lsp.get_clients({ name = "copydesk" })
  local buffers = {}
  for _, client in ipairs(clients) do
    for buf in pairs(client.attached_buffers or {}) do
      buffers[buf] = true
    end
    if vim.fn.has("nvim-0.11") == 1 then
      client:stop()
    else
      client.stop()
    end
  end
  vim.defer_fn(function()
    for buf in pairs(buffers) do
      if vim.api.nvim_buf_is_valid(buf) then
        vim.api.nvim_exec_autocmds("FileType", { buffer = buf })
      end
    end
  end, 500)
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd("CopydeskCheckWorkspace", function()
    M.check_workspace()
  end, { desc = "copydesk: check every prose file in the workspace" })
  cmd("CopydeskAddToGlossary", function(o)
    M.add_to_glossary(o.args, { range_given = o.range > 0, line1 = o.line1, line2 = o.line2 })
  end, { nargs = "?", range = true, desc = "copydesk: add a name to the glossary (copydesk.toml)" })
  cmd("CopydeskFixAll", function()
    M.fix_all()
  end, { desc = "copydesk: apply every preferred fix in this buffer" })
  cmd("CopydeskRestart", function()
    M.restart()
  end, { desc = "copydesk: restart the language server" })
end

--- The client configuration (as for vim.lsp.config / vim.lsp.start).
function M.lsp_config(config)
  config = config or M.config or M.defaults
  return {
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    init_options = config.settings,
    settings = { copydesk = config.settings },
    on_attach = config.on_attach,
    capabilities = config.capabilities,
  }
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  create_commands()

  local _, why = M.find_binary(M.config.cmd)
  if why then
    -- Say it once, clearly, instead of failing on every buffer.
    vim.schedule(function()
      notify(why .. " (see :checkhealth copydesk)", vim.log.levels.ERROR)
    end)
    M.missing = why
    return M
  end
  M.missing = nil

  local lsp_config = M.lsp_config(M.config)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config("copydesk", lsp_config)
    vim.lsp.enable("copydesk")
  else
    -- Neovim 0.10: start (or reuse) a client per root from FileType.
    local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        local root = vim.fs.root(args.buf, M.config.root_markers)
          or vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf))
        local start = vim.tbl_extend("force", lsp_config, {
          name = "copydesk",
          root_dir = root,
          workspace_folders = root and {
            { uri = vim.uri_from_fname(root), name = root },
          } or nil,
        })
        start.filetypes = nil
        start.root_markers = nil
        vim.lsp.start(start, { bufnr = args.buf })
      end,
    })
    -- Buffers already open when setup runs.
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf)
        and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
        vim.api.nvim_exec_autocmds("FileType", { group = group, buffer = buf })
      end
    end
  end
  return M
end

return M
