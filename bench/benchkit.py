"""What the benchmark scripts share: their arguments, waiting for a server, and reading
wrk's report."""
import argparse
import os
import re
import time
import urllib.request


def wait_for(url):
    """Returns once `url` answers; exits after 30 s without an answer."""
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.1)
    raise SystemExit("no answer from " + url)


def read_wrk(out):
    """wrk --latency's report: (requests/s, p50 µs, p99 µs, requests)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))

    def us(label):
        v = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(v.group(1)) * {"us": 1, "ms": 1000, "s": 1000000}[v.group(2)]
    return rps, us("50%"), us("99%"), total


def site_and_binaries(root):
    """The arguments of a script comparing qalam binaries on one site: SITE, --bin
    NAME=PATH (repeated; default this checkout's release build), --duration SECONDS.
    Returns (args, [[name, path], …])."""
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--bin", action="append", default=[])
    parser.add_argument("--duration", type=int, default=5)
    args = parser.parse_args()
    bins = [b.split("=", 1) for b in args.bin] or [["qalam", os.path.join(root, "build/release/qalam")]]
    return args, bins
