"""Peer of `bench --suite rbm`: scikit-learn's BernoulliRBM (PCD-1: persistent chains, one per
batch row; float32 data) on the same binarized MNIST rows ours trained on.

Input: {"mode": "speed"|"likelihood", "rows": R, "visible": 784, "hidden": n_h,
 "files": {"train": path of R×784 float32}, "outputs": {"params": path}} and
 - speed: "batchSize", "learningRate", "repeats": samples/s of one pass (n_iter = 1), median of repeats after a warm-up;
 - likelihood: "configs": [{"model", "epochs", "learningRate"?, "batchSize"?}]: each model trained,
   its W (n_v × n_h row-major), visible and hidden biases written to outputs.params as float32.
"""
import time

import replica_peer as rp

cfg = rp.config()
try:
    import numpy as np
    import sklearn
    from sklearn.neural_network import BernoulliRBM
except ImportError as e:
    rp.fail('scikit-learn is not importable (%s); install python3-sklearn' % e)
X = np.fromfile(cfg['files']['train'], dtype=np.float32, count=cfg['rows'] * cfg['visible']).reshape(cfg['rows'], cfg['visible'])
out = {}
if cfg['mode'] == 'speed':
    def fit():
        BernoulliRBM(n_components=cfg['hidden'], batch_size=cfg['batchSize'], learning_rate=cfg['learningRate'], n_iter=1, random_state=0).fit(X)
    fit()  # warm-up, as ours gets
    times = []
    for _ in range(cfg['repeats']):
        t0 = time.perf_counter()
        fit()
        times.append(time.perf_counter() - t0)
    s = sorted(times)[len(times) // 2]
    out = {"samplesPerSecond": cfg['rows'] / s, "seconds": s, "repeats": len(times)}
else:
    models, params = [], []
    for c in cfg['configs']:
        kw = {k: v for k, v in (('learning_rate', c.get('learningRate')), ('batch_size', c.get('batchSize'))) if v is not None}
        m = BernoulliRBM(n_components=cfg['hidden'], n_iter=c['epochs'], random_state=0, **kw)
        t0 = time.perf_counter()
        m.fit(X)
        s = time.perf_counter() - t0
        params += [np.ascontiguousarray(m.components_.T, dtype=np.float32).ravel(), m.intercept_visible_.astype(np.float32), m.intercept_hidden_.astype(np.float32)]
        models.append({"model": c['model'], "seconds": s, "learningRate": float(m.learning_rate), "batchSize": int(m.batch_size), "epochs": int(m.n_iter), "dtype": str(m.components_.dtype)})
    np.concatenate(params).tofile(cfg['outputs']['params'])
    out = {"models": models}
libs, threads, pool = rp.blas()
out["detail"] = "scikit-learn %s BernoulliRBM (PCD-1: persistent chains, one per batch row; float32 data), numpy %s, BLAS %s%s, %s thread(s)" % (sklearn.__version__, np.__version__, libs, ' (%s)' % pool if pool else '', threads)
rp.emit(out)
