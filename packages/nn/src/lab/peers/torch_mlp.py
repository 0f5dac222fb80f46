"""Peer of `bench --suite nn`: training steps/s (cross-entropy, Adam lr 1e-3, random data of
the same sizes) of an MLP (Linear/ReLU) or of the small conv net of `CONV_NET` in bench.ts, in
PyTorch on the CPU (at the thread count asked) or on CUDA (TF32 off).

Input: {"peer": "torch-cpu"|"torch-1thread"|"torch-cuda", "model": "mlp"|"conv",
        "sizes": [784, 512, 512, 10], "batch": 128, "minTime": s}.
"""
import replica_peer as rp

cfg = rp.config()
try:
    import torch
except ImportError as e:
    rp.fail('torch is not importable (%s); install python3-torch' % e)
peer, sizes, batch, min_time = cfg['peer'], cfg['sizes'], cfg['batch'], float(cfg['minTime'])
dev = 'cuda' if peer == 'torch-cuda' else 'cpu'
if dev == 'cuda' and not torch.cuda.is_available():
    rp.fail('torch.cuda.is_available() is False')
if peer == 'torch-1thread':
    torch.set_num_threads(1)
torch.backends.cuda.matmul.allow_tf32 = False
sync = torch.cuda.synchronize if dev == 'cuda' else (lambda: None)
torch.manual_seed(0)
if cfg.get('model', 'mlp') == 'conv':
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    ).to(dev)
    x = torch.rand(batch, 1, 28, 28, device=dev)
    y = torch.randint(0, 10, (batch,), device=dev)
else:
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers).to(dev)
    x = torch.rand(batch, sizes[0], device=dev)
    y = torch.randint(0, sizes[-1], (batch,), device=dev)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)


def step():
    opt.zero_grad()
    torch.nn.functional.cross_entropy(net(x), y).backward()
    opt.step()


s = rp.timeit(step, sync, min_time)
where = torch.cuda.get_device_name() if dev == 'cuda' else '%d CPU thread(s)' % torch.get_num_threads()
rp.emit({"stepsPerSecond": 1 / s, "detail": "torch %s on %s, float32" % (torch.__version__, where)})
