# The light dashboard of bench/scan_in_server.sh (WRK=browser) as browsers make it:
#   python3 bench/scan_browser_users.py PORT USERS SECONDS INTERVAL COOKIE
# USERS people, each asking bench/scan_light.lua's paths in turn every INTERVAL s. Like a
# browser, a user opens a connection only when it has a request to send, and reuses it only
# if the server kept it. wrk instead connects first and then waits out its delay, holding a
# silent connection that cpp-httplib 0.11.4 polls ~90 times a second (bench/sites_table.md,
# session 18). Prints "N requests, E errors".
import http.client, sys, threading, time
port, n, secs, interval, cookie = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
paths = ["/api/sites/1/progress", "/api/ledger?per_page=100", "/api/sites/1/progress", "/api/stats",
         "/api/sites/1/progress", "/api/sites/1/scans?limit=50", "/api/sites/1/progress", "/"]
count = [0]; errors = [0]; lock = threading.Lock()
def user(k):
    c = http.client.HTTPConnection("127.0.0.1", port)
    end = time.time() + secs; i = k
    while time.time() < end:
        try:
            c.request("GET", paths[i % len(paths)], headers={"Cookie": cookie}); r = c.getresponse(); r.read()
            if r.getheader("Connection", "").lower() == "close": c.close()
            with lock: count[0] += 1
        except Exception:
            with lock: errors[0] += 1
            c.close(); c = http.client.HTTPConnection("127.0.0.1", port)
        i += 1; time.sleep(interval)
ts = [threading.Thread(target=user, args=(k,)) for k in range(n)]
[t.start() for t in ts]; [t.join() for t in ts]
print(f"{count[0]} requests, {errors[0]} errors")
