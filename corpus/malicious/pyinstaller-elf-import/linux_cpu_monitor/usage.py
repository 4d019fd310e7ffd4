import time


def _read():
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    return values[3], sum(values)


def cpu_percent(interval=0.5):
    idle1, total1 = _read()
    time.sleep(interval)
    idle2, total2 = _read()
    return 100.0 * (1 - (idle2 - idle1) / max(total2 - total1, 1))
