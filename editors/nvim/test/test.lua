-- Headless Neovim test of the copydesk plugin against the real server.
-- Run by run.sh:  nvim --headless --clean -l test.lua MODE PLUGIN_DIR WORKDIR [BINARY]
-- MODE: "lsp" (vim.lsp.config/enable), "fallback" (the 0.10 vim.lsp.start
-- path), "missing" (no binary: setup and :checkhealth must say so clearly).

local mode, plugin_dir, workdir, binary = arg[1], arg[2], arg[3], arg[4]
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd("filetype on")

local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write("ok   - [" .. mode .. "] " .. name .. "\n")
  else
    failed = failed + 1
    io.stdout:write("FAIL - [" .. mode .. "] " .. name .. (detail and (": " .. detail) or "") .. "\n")
  end
end

local function finish()
  io.stdout:write(string.format("nvim-%s: %d passed, %d failed\n", mode, passed, failed))
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  vim.wait(300)
  os.exit(failed == 0 and 0 or 1)
end

-- Capture notifications.
local notes = {}
vim.notify = function(msg, level)
  table.insert(notes, { msg = msg, level = level })
end
local function noted(pattern)
  for _, n in ipairs(notes) do
    if n.msg:find(pattern) then
      return n
    end
  end
end

local copydesk = require("copydesk")

if mode == "missing" then
  copydesk.setup({ cmd = { "copydesk-not-installed-here" } })
  vim.cmd("edit " .. workdir .. "/story.md")
  vim.wait(500)
  local n = noted("was not found")
  check("setup reports the missing binary once, as an error",
    n ~= nil and n.level == vim.log.levels.ERROR, vim.inspect(notes))
  check("the message says how to fix it",
    n ~= nil and n.msg:find("cargo install", 1, true) and n.msg:find("cmd =", 1, true) ~= nil)
  check("no client was started", #vim.lsp.get_clients({ name = "copydesk" }) == 0)
  vim.cmd("checkhealth copydesk")
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  io.stdout:write("---- :checkhealth copydesk ----\n" .. report .. "\n-------------------------------\n")
  check(":checkhealth copydesk reports an ERROR for the binary",
    report:find("ERROR", 1, true) ~= nil and report:find("copydesk-not-installed-here", 1, true) ~= nil)
  check(":checkhealth copydesk gives the install advice",
    report:find("cargo install", 1, true) ~= nil)
  notes = {}
  vim.cmd("CopydeskAddToGlossary Foo")
  check(":CopydeskAddToGlossary without a server explains why",
    noted("was not found") ~= nil, vim.inspect(notes))
  finish()
end

-- Put the binary's folder on PATH, so that the default cmd { "copydesk" } works.
vim.env.PATH = vim.fs.dirname(binary) .. ":" .. vim.env.PATH
if mode == "fallback" then
  -- Pretend to be Neovim 0.10: no vim.lsp.config / vim.lsp.enable.
  vim.lsp.config = nil
  vim.lsp.enable = nil
end
copydesk.setup({ settings = { debounceMs = 0, rules = { ["claim.booster"] = "warning" } } })

local file = workdir .. "/story.md"
vim.cmd("edit " .. file)
local bufnr = vim.api.nvim_get_current_buf()
check("filetype is markdown", vim.bo[bufnr].filetype == "markdown", vim.bo[bufnr].filetype)

local function copydesk_diags()
  return vim.tbl_filter(function(d)
    return d.source == "copydesk"
  end, vim.diagnostic.get(bufnr))
end
local function find_diag(code)
  for _, d in ipairs(copydesk_diags()) do
    if d.code == code then
      return d
    end
  end
end

local got = vim.wait(15000, function()
  return find_diag("entity.variant") ~= nil and find_diag("claim.booster") ~= nil
end, 50)
check("copydesk diagnostics arrive (entity.variant and claim.booster)", got,
  vim.inspect(copydesk_diags()) .. vim.inspect(notes))
if not got then
  finish()
end
local client = copydesk.client(bufnr)
check("client is attached", client ~= nil and client.name == "copydesk")

local booster = find_diag("claim.booster")
check("editor settings reach the server (claim.booster raised to warning)",
  booster.severity == vim.diagnostic.severity.WARN, tostring(booster.severity))
local variant = find_diag("entity.variant")
check("entity.variant points at Okonjo-Iwaela",
  vim.api.nvim_buf_get_text(bufnr, variant.lnum, variant.col, variant.end_lnum, variant.end_col, {})[1]
    == "Okonjo-Iwaela")

-- Request the code actions at the booster, as the UI does, and apply the
-- preferred quick fix through vim.lsp.buf.code_action.
local function apply_preferred_at(d)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local titles = {}
  local done = false
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      table.insert(titles, action.title)
      return action.isPreferred == true and action.kind == "quickfix"
    end,
  })
  return titles
end

local line_before = vim.api.nvim_buf_get_lines(bufnr, booster.lnum, booster.lnum + 1, false)[1]
local titles = apply_preferred_at(booster)
local fixed = vim.wait(5000, function()
  local line = vim.api.nvim_buf_get_lines(bufnr, booster.lnum, booster.lnum + 1, false)[1]
  return line ~= line_before
end, 50)
local line = vim.api.nvim_buf_get_lines(bufnr, booster.lnum, booster.lnum + 1, false)[1]
check("code actions offered at the booster include Remove \"Clearly\"",
  vim.tbl_contains(titles, 'Remove "Clearly"'), vim.inspect(titles))
check("preferred quick fix applied: " .. line_before .. " -> " .. line,
  fixed and line == "The talks have failed.", line)

local variant_line = variant.lnum
apply_preferred_at(variant)
vim.wait(5000, function()
  return not vim.api.nvim_buf_get_lines(bufnr, variant_line, variant_line + 1, false)[1]:find("Iwaela")
end, 50)
line = vim.api.nvim_buf_get_lines(bufnr, variant_line, variant_line + 1, false)[1]
check("entity.variant quick fix gives Okonjo-Iweala",
  line == "Later in the week, Okonjo-Iweala is expected to meet ministers from Nigeria and Niger.", line)

local cleared = vim.wait(5000, function()
  return find_diag("entity.variant") == nil
end, 50)
check("the fixed findings' diagnostics go away", cleared and #vim.tbl_filter(function(d)
  return d.lnum == booster.lnum and d.code == "claim.booster"
end, copydesk_diags()) == 0, vim.inspect(copydesk_diags()))

-- :CopydeskFixAll applies the remaining preferred fixes ("obviously", "of course").
vim.cmd("CopydeskFixAll")
local all = vim.wait(5000, function()
  return find_diag("claim.booster") == nil
end, 50)
check(":CopydeskFixAll removes the remaining boosters", all, vim.inspect(copydesk_diags()))

-- :CopydeskAddToGlossary with the cursor on a name writes copydesk.toml.
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
for i, l in ipairs(lines) do
  local s = l:find("Diallo-Whitfield", 1, true)
  if s then
    vim.api.nvim_win_set_cursor(0, { i, s + 2 })
    break
  end
end
check("name under the cursor is the whole hyphenated name",
  copydesk.name_at_cursor(bufnr) == "Diallo-Whitfield", tostring(copydesk.name_at_cursor(bufnr)))
vim.cmd("CopydeskAddToGlossary")
local toml = workdir .. "/copydesk.toml"
local written = vim.wait(5000, function()
  local f = io.open(toml)
  if not f then
    return false
  end
  local text = f:read("*a")
  f:close()
  return text:find("Diallo-Whitfield", 1, true) ~= nil
end, 50)
check(":CopydeskAddToGlossary writes the name to copydesk.toml", written)

-- :CopydeskCheckWorkspace runs the server command, or says clearly that this
-- server does not offer it yet.
notes = {}
vim.cmd("CopydeskCheckWorkspace")
local provider = client.server_capabilities.executeCommandProvider or {}
if vim.tbl_contains(provider.commands or {}, "copydesk.checkWorkspace") then
  check(":CopydeskCheckWorkspace runs copydesk.checkWorkspace",
    vim.wait(15000, function() return noted("workspace checked") ~= nil end, 50), vim.inspect(notes))
else
  check(":CopydeskCheckWorkspace explains that the server lacks the command",
    noted("does not offer copydesk.checkWorkspace") ~= nil, vim.inspect(notes))
end

-- :checkhealth copydesk is clean with the binary present.
vim.cmd("checkhealth copydesk")
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
check(":checkhealth copydesk has no errors and shows the version",
  not report:find("ERROR", 1, true) and report:find("copydesk 0", 1, true) ~= nil, report)

finish()
