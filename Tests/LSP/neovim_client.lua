-- Neovim's built-in LSP client (0.7+), headless: opens a rulebook with `masir lsp`, waits for
-- its diagnostics, asks for a definition, and writes what it got to $MASIR_OUT as JSON.
local masir, root, file, out =
  os.getenv("MASIR_BINARY"), os.getenv("MASIR_ROOT"), os.getenv("MASIR_FILE"), os.getenv("MASIR_OUT")
local result = {}
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local published = 0
local default = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(...)
  published = published + 1
  return default(...)
end
local client = vim.lsp.start_client({ name = "masir", cmd = { masir, "lsp" }, root_dir = root })
vim.lsp.buf_attach_client(buffer, client)
vim.wait(30000, function() return published > 0 end, 50)
-- Type a Persian comma where a Latin one belongs, as a Persian keyboard does.
local line = vim.fn.search("copy deputy_economic, inspection")
local text = vim.api.nvim_buf_get_lines(buffer, line - 1, line, false)[1]
vim.api.nvim_buf_set_lines(buffer, line - 1, line, false,
  { (text:gsub("deputy_economic, inspection", "deputy_economic، inspection")) })
vim.wait(30000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(result.diagnostics, { line = d.lnum, col = d.col, code = d.code, message = d.message })
end
vim.fn.search("and bank is absent")
local row, col = unpack(vim.api.nvim_win_get_cursor(0))
vim.api.nvim_win_set_cursor(0, { row, col + 5 })
local replies = vim.lsp.buf_request_sync(buffer, "textDocument/definition",
  vim.lsp.util.make_position_params(), 10000) or {}
result.definitions = {}
for _, reply in pairs(replies) do
  for _, location in ipairs(reply.result or {}) do
    table.insert(result.definitions, { uri = location.uri, line = location.range.start.line })
  end
end
local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(result))
handle:close()
vim.lsp.stop_client(client)
vim.cmd("qa!")
