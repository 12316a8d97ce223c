import time
from benchmarks import rules as b
p = b.setup()
for f in (b.evaluate_engine, b.evaluate_plain):
    n=0; t=time.perf_counter()
    while time.perf_counter()-t < 2: f(p); n+=1
    print(f.__name__, round(n/(time.perf_counter()-t)))
