-- .daemonless.json: the folder's file applies to an open Dockerfile, a change of it on disk applies at
-- once (Neovim 0.7.2 does not watch files for servers, so the server watches the folder itself), and an
-- invalid file is reported on the file at the offending key while the defaults apply.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local t = dofile(here .. 'common.lua')

local function write(path, text)
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
end

t.run(function()
  local root = vim.fn.getcwd()
  local config = root .. '/.daemonless.json'
  local client_id = t.start(root)
  local bufnr = t.open(client_id, root .. '/Dockerfile', 'dockerfile')

  t.check('the rules the file turns off are not reported', function()
    t.wait_for_code(bufnr, 'df-base-image-unpinned')
    assert(#t.with_code(bufnr, 'df-user-root') == 0, 'df-user-root is reported: ' .. t.describe(bufnr))
  end)

  t.check('a change of the file on disk applies without a restart', function()
    write(config, '{ "rules": { "df-base-image-unpinned": "off" } }\n')
    t.wait_for_code(bufnr, 'df-user-root')
    t.wait_for_no_code(bufnr, 'df-base-image-unpinned')
  end)

  t.check('an invalid file is reported at the key, and the defaults apply', function()
    write(config, '{\n  "rules": { "df-user-roots": "off" }\n}\n')
    local config_buf = vim.uri_to_bufnr(vim.uri_from_fname(config))
    local ns = vim.lsp.diagnostic.get_namespace(client_id)
    vim.wait(10000, function()
      return #vim.diagnostic.get(config_buf, { namespace = ns }) > 0
    end, 50)
    local found = vim.diagnostic.get(config_buf, { namespace = ns })
    assert(#found == 1, 'diagnostics on .daemonless.json: ' .. vim.inspect(found))
    local d = found[1]
    local got = string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col)
    assert(got == '1:13-1:28', 'range ' .. got .. ', expected the key "df-user-roots" at 1:13-1:28')
    assert(d.message:find("did you mean 'df-user-root'", 1, true), d.message)
    t.wait_for_code(bufnr, 'df-base-image-unpinned')
    t.wait_for_code(bufnr, 'df-user-root')
  end)
end)
