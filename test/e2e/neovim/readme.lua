-- Runs after the README's Neovim snippet (loaded as init.lua by neovim.test.ts): opening a Dockerfile
-- and a manifest from a subfolder attaches one daemonless client rooted at the folder holding .git,
-- and its diagnostics arrive. Prints one line per check and `N passed, N failed` last.
local passed, failed = 0, 0
local function check(ok, what)
  if ok then passed = passed + 1 else failed = failed + 1 end
  io.stdout:write((ok and 'ok   ' or 'FAIL ') .. what .. '\n')
end

local function daemonless_clients(bufnr)
  local found = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(all) do
    if c.name == 'daemonless' then table.insert(found, c) end
  end
  return found
end

local function codes(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(list, tostring(code))
  end
  return table.concat(list, ',')
end

local ok, err = xpcall(function()
  local root = vim.fn.getcwd()
  local ids = {}
  for _, case in ipairs({ { 'app/Dockerfile', 'dockerfile', 'df-base-image-unpinned' }, { 'deploy/pod.yaml', 'yaml', 'k8s-privileged' } }) do
    local path, filetype, code = case[1], case[2], case[3]
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local bufnr = vim.api.nvim_get_current_buf()
    check(vim.bo[bufnr].filetype == filetype, path .. ' has filetype ' .. filetype .. ' (got ' .. vim.bo[bufnr].filetype .. ')')
    vim.wait(10000, function() return #daemonless_clients(bufnr) > 0 end, 50)
    local clients = daemonless_clients(bufnr)
    check(#clients == 1, path .. ': one daemonless client attached (got ' .. #clients .. ')')
    if clients[1] then
      ids[clients[1].id] = true
      local dir = clients[1].config.root_dir or ''
      check(vim.fn.resolve(dir) == vim.fn.resolve(root), path .. ': root is the folder holding .git (got ' .. dir .. ')')
    end
    vim.wait(15000, function() return codes(bufnr):find(code, 1, true) ~= nil end, 50)
    check(codes(bufnr):find(code, 1, true) ~= nil, path .. ': ' .. code .. ' reported (got ' .. codes(bufnr) .. ')')
  end
  local n = 0
  for _ in pairs(ids) do n = n + 1 end
  check(n == 1, 'both buffers share one client (got ' .. n .. ')')
end, debug.traceback)
if not ok then
  failed = failed + 1
  io.stdout:write('FAIL ' .. tostring(err) .. '\n')
end
io.stdout:write(passed .. ' passed, ' .. failed .. ' failed\n')
if failed == 0 then vim.cmd('qa!') else vim.cmd('cquit 1') end
