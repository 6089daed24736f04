-- wrk script: POST the quote body (from QUOTE_BODY_FILE) with the bearer token (from TOKEN_FILE).
local function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return (s:gsub("%s+$", ""))
end
wrk.method = "POST"
wrk.body = slurp(os.getenv("QUOTE_BODY_FILE"))
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. slurp(os.getenv("TOKEN_FILE"))

local errors = 0
response = function(status, headers, body)
  if status ~= 201 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
