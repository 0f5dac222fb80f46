"""The host side of replica-lab's Python peers: what every peer script shares.

A peer is run as `python3 FILE JSON [ARGS...]` with this module on PYTHONPATH. `config()`
returns the JSON document (with `files` and `outputs`, the paths of binary inputs and
outputs), `timeit(f, sync)` the median seconds per call, `blas()` the BLAS libraries this
process loaded with their thread counts, and `emit(obj)` prints the one JSON document the
host reads (`error` for a peer that cannot run here).
"""
import json
import os
import sys
import time


def config():
    """The JSON document the host passed as the first argument."""
    return json.loads(sys.argv[1])


def emit(obj):
    """Prints the peer's one JSON document and exits."""
    print(json.dumps(obj))
    sys.exit(0)


def fail(message):
    """Reports that the peer cannot run here (a missing library), so the host skips it with the reason."""
    emit({"error": message})


def timeit(f, sync=lambda: None, min_time=0.5):
    """Median seconds per call of f (then sync): a warm-up, batches grown to a fifth of
    min_time, at least 3 batches and min_time seconds (the same protocol as ours)."""
    f()
    sync()
    per, samples, start = 1, [], time.perf_counter()
    while len(samples) < 3 or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        for _ in range(per):
            f()
        sync()
        dt = time.perf_counter() - t0
        if dt < min_time / 5 and not samples and per < (1 << 20):
            per *= 2
            continue
        samples.append(dt / per)
        if len(samples) > 200:
            break
    samples.sort()
    return samples[len(samples) // 2]


def blas():
    """(libraries, threads, pool): the BLAS shared objects mapped into this process, their
    thread counts (threadpoolctl when present, else OPENBLAS_NUM_THREADS or the CPU count),
    and threadpoolctl's description of them."""
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            parts = line.split()
            if len(parts) > 5:
                libs.add(parts[-1].split('/')[-1])
    names = sorted(x for x in libs if x.startswith('lib') and 'blas' in x.lower())
    threads, pool = '', ''
    try:
        from threadpoolctl import threadpool_info
        info = [i for i in threadpool_info() if i.get('user_api') == 'blas']
        threads = '+'.join(sorted({str(i['num_threads']) for i in info}))
        pool = ', '.join(' '.join(str(i.get(k) or '') for k in ('internal_api', 'version', 'threading_layer')).strip() for i in info)
    except Exception:
        pass
    threads = threads or os.environ.get('OPENBLAS_NUM_THREADS') or str(os.cpu_count())
    return '+'.join(names) or 'unknown', threads, pool
