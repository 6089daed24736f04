-- wrk script: GET the path with the bearer token from TOKEN_FILE (and Cache-Control: no-cache if NO_CACHE=1); at the end prints the mean and median
-- latency in microseconds, the number of requests and of answers with status >= 400, as key=value.
local function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return (s:gsub("%s+$", ""))
end
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. slurp(os.getenv("TOKEN_FILE"))
-- NO_CACHE=1: every request runs the report's statement (the result cache is bypassed and refreshed)
if os.getenv("NO_CACHE") == "1" then wrk.headers["Cache-Control"] = "no-cache" end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("mean_us=%.1f p50_us=%d requests=%d non200=%d\n", latency.mean,
    latency:percentile(50), summary.requests, summary.errors.status))
end
