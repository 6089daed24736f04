-- wrk script: GET the path with the bearer token from TOKEN_FILE; counts answers that are not 200.
local function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return (s:gsub("%s+$", ""))
end
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. slurp(os.getenv("TOKEN_FILE"))

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
