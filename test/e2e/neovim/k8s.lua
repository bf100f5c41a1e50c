-- Kubernetes: a privileged container is reported on its `privileged: true` value, and Suppress clears it.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local t = dofile(here .. 'common.lua')

t.run(function()
  local root = vim.fn.getcwd()
  local client_id = t.start(root)
  local bufnr = t.open(client_id, root .. '/pod.yaml', 'yaml')
  local privileged

  t.check('k8s-privileged is reported on privileged: true', function()
    privileged = t.wait_for_code(bufnr, 'k8s-privileged')[1]
    local key = t.range_of(bufnr, 'privileged: true')
    t.assert_range(privileged, { lnum = key.lnum, col = key.end_col - 4, end_lnum = key.lnum, end_col = key.end_col }, 'k8s-privileged')
  end)

  t.check('Suppress k8s-privileged applies and the diagnostic clears', function()
    local actions, client = t.code_actions(bufnr, client_id, privileged)
    t.apply(t.find_action(actions, '^Suppress k8s%-privileged'), client)
    t.wait_for_no_code(bufnr, 'k8s-privileged')
    local text = t.buffer_text(bufnr)
    assert(text:find('# daemonless ignore=k8s-privileged', 1, true), 'pragma not inserted:\n' .. text)
  end)
end)
