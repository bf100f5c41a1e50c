-- Kubernetes: a privileged container is reported on its `privileged: true` value and Suppress clears it;
-- a pod that builds with a DinD sidecar is rewritten to a Kaniko pod and its findings clear.
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

  t.check('a DinD build pod is rewritten to Kaniko and its privileged finding clears', function()
    local pod = t.open(client_id, root .. '/dind-pod.yaml', 'yaml')
    local d = t.wait_for_code(pod, 'k8s-privileged')[1]
    local key = t.range_of(pod, 'privileged: true')
    t.assert_range(d, { lnum = key.lnum, col = key.end_col - 4, end_lnum = key.lnum, end_col = key.end_col }, 'k8s-privileged')
    local actions, client = t.code_actions(pod, client_id, d)
    local rewrite = t.find_action(actions, '^Rewrite .* to build with Kaniko')
    t.apply(rewrite, client)
    local text = t.buffer_text(pod)
    assert(text:find('\n%s+image: [^\n]*/kaniko:'), 'no Kaniko container in:\n' .. text)
    assert(not text:find('docker:27-dind', 1, true), 'the DinD sidecar is still there:\n' .. text)
    t.wait_for_no_code(pod, 'k8s-privileged')
    t.wait_for_no_code(pod, 'ci-dind-service')
  end)
end)
