-- The study site's page renderer: scripts/build-site.py runs pandoc once per batch of pages with
-- this filter (on an empty document); the filter reads the batch's job list and, for each job,
-- reads a Markdown file with pandoc's own reader, adjusts it and writes the page with pandoc's
-- HTML writer and scripts/site/page.html. One pandoc process renders a whole batch, which keeps
-- the build to seconds. What it adjusts:
--   * links and images: a repository path (lost_update.md, ../examples/lost_update) becomes the
--     site page built from it (lost_update.html, source/examples/lost_update/index.html),
--     relative to the current page, by the site map the build wrote. Every such target is
--     logged, so that the build renders it too; one that is not a tracked file or folder is
--     logged as broken (the build then fails).
--   * the glossary (docs/glossary.md): each paragraph that opens with a bold term gets an anchor,
--     term-<slug>; on every other page an italic word or phrase that is a glossary term (or its
--     plural) links to that anchor.
--   * a link whose text is its own target, lost_update.md, reads lost_update.
--   * code blocks: shown without syntax highlighting (see adjust). A recorded run (a block that
--     starts with "$ racestress " or "$ build/tool/racecheck ", scripts/site/recorded_runs.py) shows what the build's own run
--     printed instead, and its sequence diagram, when it has one, under it as an image. Any
--     other block that starts with "$ " (a command the build did not run again: no racecheck,
--     no TSan build, a benchmark) gets a line under it saying that it is recorded.
--   * the page title: the job's pagetitle, or else the first level-1 heading.
-- Metadata (set with -M by the build): site_out (the site folder), site_template, site_map (lines
-- "repository path<TAB>site path", folders ending in /), site_jobs (lines "repository
-- key<TAB>input file<TAB>reader<TAB>name=value..." where the values are template variables),
-- site_log (where link and title records go), site_terms (the glossary's terms, read if it
-- exists and written when the glossary is rendered).

local stringify = pandoc.utils.stringify

local map = {}
local terms = {}  -- lower-case term -> anchor id
local runs = {}   -- SHA-1 of a recorded run's text -> {real = text, diagram = site path or ""}
local log_file

local function dirname(path)
  return path:match("^(.*)/[^/]*$") or ""
end

local function read_all(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("a")
  f:close()
  return text
end

local function split_tabs(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, field) end
  return fields
end

-- Joins a relative reference to a folder and removes "." and ".." parts. Returns nil when the
-- path climbs above the repository root.
local function normalise(base, rel)
  local parts = {}
  local joined = (base ~= "" and (base .. "/") or "") .. rel
  for part in joined:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then return nil end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, "/")
end

-- The path of site file `to` as seen from site file `from` (both relative to the site root).
local function relative(from, to)
  local from_dirs = {}
  for part in dirname(from):gmatch("[^/]+") do table.insert(from_dirs, part) end
  local to_parts = {}
  for part in to:gmatch("[^/]+") do table.insert(to_parts, part) end
  local common = 0
  while common < #from_dirs and common < #to_parts - 1 and from_dirs[common + 1] == to_parts[common + 1] do
    common = common + 1
  end
  local out = {}
  for _ = common + 1, #from_dirs do table.insert(out, "..") end
  for i = common + 1, #to_parts do table.insert(out, to_parts[i]) end
  return table.concat(out, "/")
end

local function log(key, kind, value)
  log_file:write(key, "\t", kind, "\t", value, "\n")
end

local function is_external(target)
  return target:match("^%a[%w+.-]*:") ~= nil or target:sub(1, 1) == "#" or target == ""
end

-- Rewrites one link or image target of the page built from repository key `key`.
local function rewrite(key, target)
  if is_external(target) then return target end
  local path, fragment = target:match("^([^#]*)(#?.*)$")
  local repo = normalise(dirname(key), path)
  local site = repo and (map[repo] or map[repo .. "/"])
  if site == nil then
    log(key, "broken", target)
    return target
  end
  log(key, "link", map[repo] and repo or (repo .. "/"))
  return relative(map[key], site) .. fragment
end

local function slug(text)
  return (text:lower():gsub("[^%w]+", "-"):gsub("^-+", ""):gsub("-+$", ""))
end

-- The glossary: anchor every paragraph that opens with a bold term, and note the terms.
local function anchor_terms(doc, terms_path)
  local out = io.open(terms_path, "w")
  local blocks = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Para" and block.content[1] and block.content[1].t == "Strong" then
      local term = stringify(block.content[1]):gsub("[.:]%s*$", "")
      local id = "term-" .. slug(term)
      terms[term:lower()] = id
      out:write(term:lower(), "\t", id, "\n")
      table.insert(blocks, pandoc.Div({block}, pandoc.Attr(id, {"term"})))
    else
      table.insert(blocks, block)
    end
  end
  out:close()
  doc.blocks = blocks
  return doc
end

-- An italic word or phrase that is a glossary term, or its plural.
local function term_id(text)
  local lower = text:lower()
  return terms[lower] or terms[(lower:gsub("s$", ""))] or terms[(lower:gsub("es$", ""))]
end

local function adjust(key, doc)
  local glossary = map["docs/glossary.md"]
  local filter = {
    Link = function(el)
      -- [lost_update.md](lost_update.md) reads "lost_update" on the site.
      local text = stringify(el.content)
      if text == el.target and text:match("^[%w_-]+%.md$") then el.content = {pandoc.Str((text:gsub("%.md$", "")))} end
      el.target = rewrite(key, el.target)
      return el
    end,
    Image = function(el) el.src = rewrite(key, el.src); return el end,
    -- Code is shown plain: pandoc's syntax highlighting would triple the build's time, and
    -- most blocks are shell commands and racestress's output. Line numbers stay.
    CodeBlock = function(el)
      el.classes = el.classes:includes("numberLines") and {"numberLines"} or {}
      local run = runs[pandoc.utils.sha1(el.text)]
      if run == nil then
        -- A command's output that this build did not run again: say so under it.
        if el.text:match("^%$ ") == nil then return el end
        return {el, pandoc.Para({pandoc.Emph({pandoc.Str("Recorded when this page was written; not run again when this site was built.")})})}
      end
      el.text = run.real
      if run.diagram == "" then return el end
      local alt = "sequence diagram of the run above: " .. el.text:match("^%$ ([^\n]*)")
      return {el, pandoc.Para({pandoc.Image({pandoc.Str(alt)}, relative(map[key], run.diagram), "",
                                            pandoc.Attr("", {"diagram"}))})}
    end,
  }
  if glossary and key ~= "docs/glossary.md" then
    filter.Emph = function(el)
      local id = term_id(stringify(el))
      if id then
        return pandoc.Link({el}, relative(map[key], glossary) .. "#" .. id, "", pandoc.Attr("", {"glossary"}))
      end
    end
  end
  return doc:walk(filter)
end

local function render(job, template, out_dir, terms_path)
  local fields = split_tabs(job)
  local key, input, reader = fields[1], fields[2], fields[3]
  if map[key] == nil then error("site.lua: " .. key .. " is not in the site map") end
  local variables = {}
  for i = 4, #fields do
    local name, value = fields[i]:match("^([%w_-]+)=(.*)$")
    variables[name] = value
  end
  -- site_append: a Markdown file whose blocks go at the end of the page (the scenario pages'
  -- link to their catalogue page, which racestress writes).
  local append = variables.site_append
  variables.site_append = nil
  local doc = pandoc.read(read_all(input), reader)
  if append then doc.blocks:extend(pandoc.read(read_all(append), "gfm").blocks) end
  doc = adjust(key, doc)
  if key == "docs/glossary.md" then doc = anchor_terms(doc, terms_path) end
  local title = variables.pagetitle
  if title == nil then
    for _, block in ipairs(doc.blocks) do
      if block.t == "Header" and block.level == 1 then
        title = stringify(block.content)
        break
      end
    end
  end
  doc.meta.pagetitle = title or key
  variables.pagetitle = nil
  log(key, "title", doc.meta.pagetitle)
  local f = assert(io.open(out_dir .. "/" .. map[key], "w"))
  f:write(pandoc.write(doc, "html5", {template = template, variables = variables}))
  f:close()
end

function Pandoc(doc)
  local meta = doc.meta
  for line in io.lines(stringify(meta.site_map)) do
    local fields = split_tabs(line)
    map[fields[1]] = fields[2]
  end
  local terms_path = stringify(meta.site_terms)
  local existing = io.open(terms_path, "r")
  if existing then
    for line in existing:lines() do
      local fields = split_tabs(line)
      terms[fields[1]] = fields[2]
    end
    existing:close()
  end
  for line in io.lines(stringify(meta.site_runs)) do
    local fields = split_tabs(line)
    runs[fields[1]] = {real = read_all(fields[2]), diagram = fields[3]}
  end
  local template = pandoc.template.compile(read_all(stringify(meta.site_template)))
  log_file = assert(io.open(stringify(meta.site_log), "w"))
  for job in io.lines(stringify(meta.site_jobs)) do
    render(job, template, stringify(meta.site_out), terms_path)
  end
  log_file:close()
  return pandoc.Pandoc({})
end
