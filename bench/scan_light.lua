-- The dashboard as a few people use it during a scan (bench/scan_in_server.sh, WRK=light):
-- each connection is one person whose open page polls the scan's progress, and who opens
-- the ledger, the statistics, the scan history and the dashboard between polls; one request
-- every 0.5 s a person (half of them the poll). wrk's latency is of the requests only, not of the pauses.
local paths = {
  "/api/sites/1/progress", "/api/ledger?per_page=100",
  "/api/sites/1/progress", "/api/stats",
  "/api/sites/1/progress", "/api/sites/1/scans?limit=50",
  "/api/sites/1/progress", "/",
}
local next_path = 1

-- The connections of a wrk thread share this state: the cycle runs over all their requests,
-- so the mix is the same whoever asks.

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end

function delay()
  return 500
end
