"""Peer of `bench --suite kernels`: float32 C = A·B at each size, GFLOP/s = 2n³/time.

numpy (with the BLAS it loaded, at the thread count the environment gives) or PyTorch
(CPU, or CUDA with TF32 off: true float32, as the WGSL kernel computes).
Input: {"peer": "numpy"|"numpy-1thread"|"torch-cpu"|"torch-cuda", "sizes": [n, ...], "minTime": s}.
"""
import replica_peer as rp

cfg = rp.config()
peer, sizes, min_time = cfg['peer'], cfg['sizes'], float(cfg['minTime'])
rows = []
if peer.startswith('numpy'):
    try:
        import numpy as np
    except ImportError as e:
        rp.fail('numpy is not importable (%s); install python3-numpy' % e)
    rng = np.random.default_rng(0)
    for n in sizes:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        c = np.empty((n, n), np.float32)
        s = rp.timeit(lambda: np.matmul(a, b, out=c), min_time=min_time)
        rows.append({"size": n, "gflops": 2 * n ** 3 / s / 1e9})
    libs, threads, _ = rp.blas()
    detail = "numpy %s, BLAS %s, %s thread(s)" % (np.__version__, libs, threads)
else:
    try:
        import torch
    except ImportError as e:
        rp.fail('torch is not importable (%s); install python3-torch' % e)
    dev = 'cuda' if peer == 'torch-cuda' else 'cpu'
    if dev == 'cuda' and not torch.cuda.is_available():
        rp.fail('torch.cuda.is_available() is False')
    torch.backends.cuda.matmul.allow_tf32 = False
    sync = torch.cuda.synchronize if dev == 'cuda' else (lambda: None)
    g = torch.Generator(device=dev).manual_seed(0)
    for n in sizes:
        a = torch.randn(n, n, generator=g, device=dev)
        b = torch.randn(n, n, generator=g, device=dev)
        c = torch.empty(n, n, device=dev)
        s = rp.timeit(lambda: torch.matmul(a, b, out=c), sync, min_time)
        rows.append({"size": n, "gflops": 2 * n ** 3 / s / 1e9})
    where = torch.cuda.get_device_name() if dev == 'cuda' else '%d CPU threads' % torch.get_num_threads()
    detail = "torch %s on %s, float32 without TF32" % (torch.__version__, where)
rp.emit({"rows": rows, "detail": detail})
