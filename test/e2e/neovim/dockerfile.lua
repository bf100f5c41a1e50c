-- Dockerfile: an unpinned base image is reported on the image, typing a pinned digest clears it,
-- and "Suppress … on this line" inserts the pragma and clears it.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local t = dofile(here .. 'common.lua')

t.run(function()
  local root = vim.fn.getcwd()
  local client_id = t.start(root)
  local bufnr = t.open(client_id, root .. '/Dockerfile', 'dockerfile')
  local unpinned

  t.check('df-base-image-unpinned is reported on the base image', function()
    unpinned = t.wait_for_code(bufnr, 'df-base-image-unpinned')[1]
    t.assert_range(unpinned, t.range_of(bufnr, 'alpine:latest'), 'df-base-image-unpinned')
    assert(unpinned.source == 'daemonless', 'source is ' .. tostring(unpinned.source))
  end)

  t.check('an edit that pins the image clears it, undoing the edit brings it back', function()
    local r = t.range_of(bufnr, 'alpine:latest')
    local pinned = 'alpine:3.20@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5'
    vim.api.nvim_buf_set_text(bufnr, r.lnum, r.col, r.end_lnum, r.end_col, { pinned })
    t.wait_for_no_code(bufnr, 'df-base-image-unpinned')
    local p = t.range_of(bufnr, pinned)
    vim.api.nvim_buf_set_text(bufnr, p.lnum, p.col, p.end_lnum, p.end_col, { 'alpine:latest' })
    unpinned = t.wait_for_code(bufnr, 'df-base-image-unpinned')[1]
  end)

  t.check('Suppress df-base-image-unpinned applies and the diagnostic clears', function()
    local actions, client = t.code_actions(bufnr, client_id, unpinned)
    local suppress = t.find_action(actions, '^Suppress df%-base%-image%-unpinned')
    t.apply(suppress, client)
    assert(t.buffer_text(bufnr):find('# daemonless ignore=df-base-image-unpinned', 1, true), 'pragma not inserted:\n' .. t.buffer_text(bufnr))
    t.wait_for_no_code(bufnr, 'df-base-image-unpinned')
  end)
end)
