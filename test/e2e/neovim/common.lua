-- Helpers for the headless Neovim cases: a real third-party LSP client (Neovim 0.7.2) driving
-- `node dist/server.js --stdio`. Each case file runs its checks through M.run, which always quits.
local M = { passed = 0, failed = 0 }

-- The document version of the last diagnostics published for each URI. The server also publishes for
-- files it scanned but nobody opened; those must not pass for the diagnostics of the opened buffer.
local published_version = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    published_version[result.uri] = result.version or false
  end
  return publish(err, result, ctx, config)
end

local function current(bufnr)
  return published_version[vim.uri_from_bufnr(bufnr)] == vim.lsp.util.buf_versions[bufnr]
end

local function out(line)
  io.stdout:write(line .. '\n')
end

-- Starts a server with Neovim's own client capabilities, merged with `extra_capabilities` if given.
-- The first client started is the one whose diagnostics the helpers read.
function M.start(root, extra_capabilities)
  local server = assert(os.getenv('DAEMONLESS_SERVER'), 'DAEMONLESS_SERVER is not set')
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if extra_capabilities then
    capabilities = vim.tbl_deep_extend('force', capabilities, extra_capabilities)
  end
  local id = vim.lsp.start_client({
    name = 'daemonless',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    capabilities = capabilities,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
  })
  assert(id, 'the language server did not start')
  M.client_id = M.client_id or id
  return id
end

local function diagnostics_of(bufnr, client_id)
  return vim.diagnostic.get(bufnr, { namespace = vim.lsp.diagnostic.get_namespace(client_id or M.client_id) })
end

function M.open(client_id, path, filetype)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = filetype
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'could not attach the client to ' .. path)
  return bufnr
end

local function code_of(d)
  if d.code ~= nil then
    return tostring(d.code)
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code and tostring(lsp.code) or ''
end

function M.with_code(bufnr, code, client_id)
  local found = {}
  for _, d in ipairs(diagnostics_of(bufnr, client_id)) do
    if code_of(d) == code then
      table.insert(found, d)
    end
  end
  return found
end

function M.wait_for_code(bufnr, code, client_id)
  vim.wait(10000, function()
    return current(bufnr) and #M.with_code(bufnr, code, client_id) > 0
  end, 50)
  local found = M.with_code(bufnr, code, client_id)
  assert(#found > 0, 'no ' .. code .. ' diagnostic within 10 s; have: ' .. M.describe(bufnr))
  return found
end

function M.wait_for_no_code(bufnr, code)
  vim.wait(10000, function()
    return current(bufnr) and #M.with_code(bufnr, code) == 0
  end, 50)
  assert(#M.with_code(bufnr, code) == 0, code .. ' still reported after 10 s: ' .. M.describe(bufnr))
end

function M.describe(bufnr)
  local parts = {}
  for _, d in ipairs(diagnostics_of(bufnr)) do
    table.insert(parts, string.format('%s@%d:%d-%d:%d', code_of(d), d.lnum, d.col, d.end_lnum, d.end_col))
  end
  return #parts > 0 and table.concat(parts, ', ') or 'none'
end

-- 0-based {lnum, col, end_lnum, end_col} of the n-th (1-based) plain-text match of needle on one line.
function M.range_of(bufnr, needle, nth)
  nth = nth or 1
  local seen = 0
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local from = 1
    while true do
      local s, e = string.find(line, needle, from, true)
      if not s then
        break
      end
      seen = seen + 1
      if seen == nth then
        return { lnum = lnum - 1, col = s - 1, end_lnum = lnum - 1, end_col = e }
      end
      from = e + 1
    end
  end
  error('"' .. needle .. '" not found in the buffer')
end

function M.assert_range(d, want, what)
  local got = string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col)
  local expected = string.format('%d:%d-%d:%d', want.lnum, want.col, want.end_lnum, want.end_col)
  assert(got == expected, what .. ' range ' .. got .. ', expected ' .. expected)
end

-- Code actions one client gets for a diagnostic's range, resolved when the edit is lazy.
function M.code_actions(bufnr, client_id, d)
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    -- Neovim 0.7.2 keeps no LSP range on stored diagnostics: take the line's diagnostics in LSP form.
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum, nil, client_id) },
  }
  local response = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
  assert(response, 'no codeAction response within 5 s')
  assert(not response.err, 'codeAction error: ' .. vim.inspect(response.err))
  local actions = response.result or {}
  for i, action in ipairs(actions) do
    if action.edit == nil and action.command == nil and action.disabled == nil and action.data ~= nil then
      local resolved = client.request_sync('codeAction/resolve', action, 5000, bufnr)
      assert(resolved and not resolved.err, 'codeAction/resolve failed for ' .. action.title)
      actions[i] = resolved.result
    end
  end
  return actions, client
end

function M.titles(actions)
  local titles = {}
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
  end
  return table.concat(titles, ' | ')
end

function M.try_find_action(actions, pattern)
  for _, action in ipairs(actions) do
    if string.find(action.title, pattern) then
      return action
    end
  end
  return nil
end

function M.find_action(actions, pattern)
  local action = M.try_find_action(actions, pattern)
  assert(action, 'no code action matching "' .. pattern .. '" among: ' .. M.titles(actions))
  return action
end

function M.apply(action, client)
  assert(action.edit, 'code action "' .. action.title .. '" has no edit')
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
end

function M.buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

function M.check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    M.passed = M.passed + 1
    out('ok   ' .. name)
  else
    M.failed = M.failed + 1
    out('FAIL ' .. name .. '\n' .. tostring(err))
  end
end

-- Runs the case body and always leaves Neovim: an uncaught error would leave headless nvim hanging.
function M.run(body)
  local ok, err = xpcall(body, debug.traceback)
  if not ok then
    M.failed = M.failed + 1
    out('FAIL (case aborted)\n' .. tostring(err))
  end
  out(string.format('%d passed, %d failed', M.passed, M.failed))
  io.stdout:flush()
  if M.failed > 0 or M.passed == 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qa!')
  end
end

return M
