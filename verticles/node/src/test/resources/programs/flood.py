# Prints RATE lines a second for SECONDS seconds, in 10 ms batches: a chatty build step.
import sys
import time

rate, seconds = int(sys.argv[1]), int(sys.argv[2])
batch = rate // 100
start = time.monotonic()
n = 0
for tick in range(seconds * 100):
    sys.stdout.write("".join("line %d of a chatty build step\n" % (n + i) for i in range(batch)))
    sys.stdout.flush()
    n += batch
    delay = start + (tick + 1) / 100 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
