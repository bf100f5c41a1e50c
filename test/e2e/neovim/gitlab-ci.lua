-- GitLab CI: a Docker-in-Docker service is reported on the service, the Kaniko rewrite is offered
-- (or, while it is refused, offered disabled with its reason only to a client that can show that),
-- and Suppress clears the diagnostic.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local t = dofile(here .. 'common.lua')

t.run(function()
  local root = vim.fn.getcwd()
  local client_id = t.start(root)
  local bufnr = t.open(client_id, root .. '/.gitlab-ci.yml', 'yaml')
  local dind

  t.check('ci-dind-service is reported on the docker:dind service', function()
    dind = t.wait_for_code(bufnr, 'ci-dind-service')[1]
    t.assert_range(dind, t.range_of(bufnr, 'docker:dind'), 'ci-dind-service')
    assert(dind.severity == vim.diagnostic.severity.ERROR or dind.severity == vim.diagnostic.severity.WARN, 'severity ' .. tostring(dind.severity))
  end)

  t.check('the Kaniko rewrite is offered, or refused with a reason where the client can show it', function()
    local pattern = "^Rewrite job 'build%-image' to build with Kaniko"
    -- Neovim 0.7.2 does not claim codeAction.disabledSupport; a second client that does sees refusals.
    local aware_id = t.start(root, { textDocument = { codeAction = { disabledSupport = true } } })
    assert(vim.lsp.buf_attach_client(bufnr, aware_id), 'could not attach the second client')
    local aware_dind = t.wait_for_code(bufnr, 'ci-dind-service', aware_id)[1]
    local aware = t.find_action(t.code_actions(bufnr, aware_id, aware_dind), pattern)
    local plain = t.try_find_action(t.code_actions(bufnr, client_id, dind), pattern)
    vim.lsp.stop_client(aware_id)
    if aware.disabled then
      assert(#aware.disabled.reason > 0, 'a refused rewrite says why')
      assert(plain == nil, 'a refused rewrite is not offered to a client that cannot show it disabled')
      io.stdout:write('note: rewrite refused: ' .. aware.disabled.reason .. '\n')
    else
      assert(aware.edit, 'the rewrite carries an edit')
      assert(plain and plain.edit and not plain.disabled, 'the rewrite is offered to Neovim too')
    end
  end)

  t.check('Suppress ci-dind-service applies and the diagnostic clears', function()
    local actions, client = t.code_actions(bufnr, client_id, dind)
    t.apply(t.find_action(actions, '^Suppress ci%-dind%-service'), client)
    t.wait_for_no_code(bufnr, 'ci-dind-service')
    assert(t.buffer_text(bufnr):find('# daemonless ignore=ci-dind-service', 1, true), 'pragma not inserted')
  end)
end)
