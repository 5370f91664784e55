-- wrk script for bench/run.py: counts every response that is not a 200 as an error (wrk
-- itself only counts statuses above 399, and a redirect to the login page is a failure here)
-- and prints one machine-readable line with exact percentiles in microseconds. Paths given
-- after "--" are requested in turn (a desk works through many cases, not one case 1,000 times).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
  paths = {}
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  turn = 0
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  turn = turn % #paths + 1
  return wrk.format(nil, paths[turn])
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"not_200":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, unexpected))
end
