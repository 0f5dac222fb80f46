"""Peer of `bench --suite hopfield`: one batched dense-Hopfield update of B queries,
ξ ← X softmax(β Xᵀξ) (two float32 gemms and a row softmax), queries/s.

numpy (its BLAS at the environment's thread count) or PyTorch (CPU, or CUDA with TF32 off).
Input: {"peer": "numpy"|"torch-cpu"|"torch-cuda", "n": N, "p": P, "b": B, "beta": β, "minTime": s}.
"""
import os

import replica_peer as rp

cfg = rp.config()
peer, n, p, b, beta, min_time = cfg['peer'], cfg['n'], cfg['p'], cfg['b'], float(cfg['beta']), float(cfg['minTime'])
if peer == 'numpy':
    try:
        import numpy as np
    except ImportError as e:
        rp.fail('numpy is not importable (%s); install python3-numpy' % e)
    rng = np.random.default_rng(0)
    X = np.sign(rng.standard_normal((n, p))).astype(np.float32)
    Q = rng.standard_normal((b, n)).astype(np.float32)
    S = np.empty((b, p), np.float32)
    out = np.empty((b, n), np.float32)

    def step():
        np.matmul(Q, X, out=S)
        np.multiply(S, beta, out=S)
        np.subtract(S, S.max(axis=1, keepdims=True), out=S)
        np.exp(S, out=S)
        np.divide(S, S.sum(axis=1, keepdims=True), out=S)
        np.matmul(S, X.T, out=out)

    s = rp.timeit(step, min_time=min_time)
    detail = "numpy %s, %s thread(s)" % (np.__version__, os.environ.get('OPENBLAS_NUM_THREADS') or os.cpu_count())
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
    X = torch.randn(n, p, generator=g, device=dev).sign()
    Q = torch.randn(b, n, generator=g, device=dev)

    def step():
        return torch.softmax(beta * (Q @ X), dim=1) @ X.T

    with torch.no_grad():
        s = rp.timeit(step, sync, min_time)
    where = torch.cuda.get_device_name() if dev == 'cuda' else '%d CPU threads' % torch.get_num_threads()
    detail = "torch %s on %s, float32 without TF32" % (torch.__version__, where)
rp.emit({"queriesPerSecond": b / s, "detail": detail})
