"""Peers of `bench --suite teacher-student`: the same batch solvers on the same data (raw
binary files from ours, read with numpy.fromfile), each answer returned so ours can check it.

- sklearn: LogisticRegression (lbfgs, newton-cholesky) with the normalization mapped exactly
  (x/sqrt(D), C = 1/lambda, no intercept) and Ridge(solver='cholesky') on x/sqrt(D);
- numpy: numpy.linalg.solve of the ridge normal equations, and the scalar-variance GAMP
  iteration of ampPerceptron in numpy + scipy.special.erfcx on the identical instance.
Input: {"peer", "minTime", "logistic": {...}, "ridge": {...}, "gamp": {...}, "files": {...}}.
"""
import warnings

import replica_peer as rp

cfg = rp.config()
peer, min_time, files = cfg['peer'], float(cfg['minTime']), cfg['files']
try:
    import numpy as np
except ImportError as e:
    rp.fail('numpy is not importable (%s); install python3-numpy' % e)
if peer == 'sklearn':
    try:
        import sklearn
        from sklearn.linear_model import LogisticRegression, Ridge
    except ImportError as e:
        rp.fail('scikit-learn is not importable (%s); install python3-sklearn' % e)
def timeit(f):
    return rp.timeit(f, min_time=min_time)
rows, skipped = [], []
lg, rd, gp = cfg['logistic'], cfg['ridge'], cfg['gamp']
def load(path, dtype, shape):
    return np.fromfile(path, dtype=dtype).reshape(shape)
if peer == 'sklearn':
    D, P, lam = lg['d'], lg['p'], lg['lambda']
    # sklearn minimizes C sum_mu log(1 + exp(-y_mu w.x'_mu)) + |w|^2/2: with x' = x/sqrt(D) and
    # C = 1/lambda this is ours divided by lambda, the same minimizer.
    X = load(files[lg['x']], np.float64, (P, D)) / np.sqrt(D)
    y = load(files[lg['y']], np.float64, (P,))
    for solver in ('lbfgs', 'newton-cholesky'):
        m = LogisticRegression(C=1.0 / lam, fit_intercept=False, tol=lg['tol'], solver=solver, max_iter=10000)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter('always')
                m.fit(X, y)
        except ValueError as e:
            skipped.append("sklearn-%s: %s" % (solver, e)); continue
        s = timeit(lambda: m.fit(X, y))
        note = '; warned: ' + str(caught[0].message).split('\n')[0] if caught else ''
        rows.append({"kernel": "logistic", "backend": "sklearn-" + solver, "secondsPerCall": s, "iterations": int(np.max(m.n_iter_)),
                     "solver": "LogisticRegression(C=1/lambda=%g, fit_intercept=False, solver='%s', tol=%g) on x/sqrt(D)%s" % (1.0 / lam, solver, lg['tol'], note),
                     "w": m.coef_.ravel().tolist()})
    D, P, lam = rd['d'], rd['p'], rd['lambda']
    X = load(files[rd['x']], np.float64, (P, D)) / np.sqrt(D)
    y = load(files[rd['y']], np.float64, (P,))
    m = Ridge(alpha=lam, fit_intercept=False, solver='cholesky')
    s = timeit(lambda: m.fit(X, y))
    rows.append({"kernel": "ridge", "backend": "sklearn", "secondsPerCall": s,
                 "solver": "Ridge(alpha=lambda=%g, fit_intercept=False, solver='cholesky') on x/sqrt(D)" % lam, "w": np.ravel(m.coef_).tolist()})
else:
    D, P, lam = rd['d'], rd['p'], rd['lambda']
    X = load(files[rd['x']], np.float64, (P, D))
    y = load(files[rd['y']], np.float64, (P,))
    lamI, sd = lam * np.eye(D), np.sqrt(D)
    f = lambda: np.linalg.solve(X.T @ X / D + lamI, X.T @ y / sd)
    w = f(); s = timeit(f)
    rows.append({"kernel": "ridge", "backend": "numpy", "secondsPerCall": s,
                 "solver": "numpy.linalg.solve(X.T @ X / D + lambda I, X.T @ y / sqrt(D)), lambda = %g" % lam, "w": w.tolist()})
    try:
        from scipy.special import erfcx
    except ImportError as e:
        erfcx = None
        skipped.append("numpy gamp: scipy.special.erfcx is not importable (%s); install python3-scipy" % e)
    if erfcx is not None:
        N, P, T = gp['n'], gp['p'], gp['iterations']
        keep, take, floor = gp['damping'], 1.0 - gp['damping'], gp['varianceFloor']
        F = load(files[gp['inputs']], np.float32, (P, N)).astype(np.float64)  # f32 entries, f64 arithmetic, as ours
        yl = load(files[gp['labels']], np.int8, (P,)).astype(np.float64)
        wstar = load(files[gp['teacher']], np.float64, (N,))
        c = float(np.sum(F * F)) / (P * N)
        binary = gp['prior'] == 'binary'
        s2p, r2 = np.sqrt(2 / np.pi), np.sqrt(0.5)
        def gamp():
            a, delta, g = np.zeros(N), np.ones(N), np.zeros(P)
            for _ in range(T):
                v = max(c * delta.sum(), floor); sv = np.sqrt(v)
                x = yl * (F @ a - v * g) / sv
                e = erfcx(-x * r2)
                r = np.where(np.isinf(e), 0.0, s2p / e)  # inverse Mills ratio phi(x)/Phi(x)
                g = keep * g + take * (yl * r / sv)
                A = c * float(np.sum(r * (x + r))) / v
                b = A * a + F.T @ g
                if binary:
                    ex = np.exp(-2 * np.abs(b)); sech = 2 * np.sqrt(ex) / (1 + ex)
                    mean, var = np.tanh(b), sech * sech
                else:
                    mean, var = b / (1 + A), np.full(N, 1 / (1 + A))
                a = keep * a + take * mean
                delta = keep * delta + take * var
            return a
        a = gamp(); s = timeit(gamp)
        rows.append({"kernel": "gamp", "backend": "numpy", "secondsPerCall": s, "iterations": T,
                     "solver": "GAMP in numpy (F as f64, scipy.special.erfcx), damping %g, %d iterations" % (gp['damping'], T),
                     "overlap": float(a @ wstar) / N, "w": a.tolist()})
blas, threads, _ = rp.blas()
lib = "scikit-learn %s, " % sklearn.__version__ if peer == 'sklearn' else ''
if peer == 'numpy':
    try:
        import scipy; lib = "scipy %s, " % scipy.__version__
    except ImportError:
        pass
detail = "%snumpy %s, BLAS %s, %s thread(s)" % (lib, np.__version__, blas, threads)
rp.emit({"rows": rows, "skipped": skipped, "detail": detail})
