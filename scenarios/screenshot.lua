-- screenshot.lua: wait until the console is still, take one screenshot.
--   mksagent run scenarios/screenshot.lua --target URL --out DIR
wait_still(1, 30)
local path = screenshot(var("name", "console.png"))
log("saved " .. path)
