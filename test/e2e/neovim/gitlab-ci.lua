-- GitLab CI: Docker-in-Docker services are reported on the service; the Kaniko rewrite applies to the
-- job that only builds and pushes, and is refused (disabled, with its reason, for clients that can show
-- that) for the job that runs its image; Suppress clears what is left.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local t = dofile(here .. 'common.lua')

local function on_line(diagnostics, lnum)
  for _, d in ipairs(diagnostics) do
    if d.lnum == lnum then
      return d
    end
  end
  return nil
end

t.run(function()
  local root = vim.fn.getcwd()
  local client_id = t.start(root)
  local bufnr = t.open(client_id, root .. '/.gitlab-ci.yml', 'yaml')
  local build_at, test_at

  t.check('ci-dind-service is reported on each docker:dind service', function()
    t.wait_for_code(bufnr, 'ci-dind-service')
    local found = t.with_code(bufnr, 'ci-dind-service')
    assert(#found == 2, 'two findings, got ' .. t.describe(bufnr))
    build_at, test_at = t.range_of(bufnr, 'docker:dind', 1), t.range_of(bufnr, 'docker:dind', 2)
    t.assert_range(assert(on_line(found, build_at.lnum), 'none on the first service'), build_at, 'build-image')
    t.assert_range(assert(on_line(found, test_at.lnum), 'none on the second service'), test_at, 'integration-test')
    for _, d in ipairs(found) do
      assert(d.severity == vim.diagnostic.severity.ERROR or d.severity == vim.diagnostic.severity.WARN, 'severity ' .. tostring(d.severity))
    end
  end)

  t.check('a refused rewrite is disabled with its reason, and hidden from Neovim which cannot show that', function()
    local pattern = "^Rewrite job 'integration%-test' to build with Kaniko"
    -- Neovim 0.7.2 does not claim codeAction.disabledSupport; a second client that does sees refusals.
    local aware_id = t.start(root, { textDocument = { codeAction = { disabledSupport = true } } })
    assert(vim.lsp.buf_attach_client(bufnr, aware_id), 'could not attach the second client')
    t.wait_for_code(bufnr, 'ci-dind-service', aware_id)
    local aware_d = assert(on_line(t.with_code(bufnr, 'ci-dind-service', aware_id), test_at.lnum), 'second client: no finding')
    local aware = t.find_action(t.code_actions(bufnr, aware_id, aware_d), pattern)
    vim.lsp.stop_client(aware_id)
    assert(aware.disabled, 'the rewrite of a job that runs its image is refused')
    assert(aware.disabled.reason:find('docker run', 1, true), 'the reason names the blocking command: ' .. aware.disabled.reason)
    assert(aware.edit == nil, 'a refused rewrite carries no edit')
    local plain_d = on_line(t.with_code(bufnr, 'ci-dind-service'), test_at.lnum)
    local plain = t.code_actions(bufnr, client_id, plain_d)
    assert(t.try_find_action(plain, pattern) == nil, 'refusal offered to a client without disabledSupport: ' .. t.titles(plain))
  end)

  t.check('the Kaniko rewrite applies to the build-and-push job and its diagnostic clears', function()
    local d = on_line(t.with_code(bufnr, 'ci-dind-service'), build_at.lnum)
    local actions, client = t.code_actions(bufnr, client_id, d)
    local rewrite = t.find_action(actions, "^Rewrite job 'build%-image' to build with Kaniko")
    assert(not rewrite.disabled, 'refused: ' .. (rewrite.disabled and rewrite.disabled.reason or ''))
    t.apply(rewrite, client)
    local text = t.buffer_text(bufnr)
    assert(text:find('/kaniko/executor', 1, true), 'no Kaniko executor in:\n' .. text)
    vim.wait(10000, function()
      return #t.with_code(bufnr, 'ci-dind-service') == 1
    end, 50)
    local left = t.with_code(bufnr, 'ci-dind-service')
    assert(#left == 1, 'only the refused job is still reported: ' .. t.describe(bufnr))
    test_at = t.range_of(bufnr, 'docker:dind', 1)
    t.assert_range(left[1], test_at, 'integration-test after the rewrite')
  end)

  t.check('Suppress ci-dind-service applies and the diagnostic clears', function()
    local d = t.with_code(bufnr, 'ci-dind-service')[1]
    local actions, client = t.code_actions(bufnr, client_id, d)
    t.apply(t.find_action(actions, '^Suppress ci%-dind%-service'), client)
    t.wait_for_no_code(bufnr, 'ci-dind-service')
    assert(t.buffer_text(bufnr):find('# daemonless ignore=ci-dind-service', 1, true), 'pragma not inserted')
  end)
end)
