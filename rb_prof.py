import cProfile, pstats
from benchmarks import rules as b
p = b.setup()
cProfile.run("for _ in range(2000): b.evaluate_engine(p)", "/tmp/rules.prof")
pstats.Stats("/tmp/rules.prof").sort_stats("tottime").print_stats(18)
