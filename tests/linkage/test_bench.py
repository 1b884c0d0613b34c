"""The benchmarks run end to end on small inputs (figures are reported, never asserted on time)."""
from aksjon.linkage.bench import _persons_work, incremental


def test_persons_bench_reports_its_figures():
    figures = _persons_work(1500, seed=3)
    assert figures["persons_records"] == (1500, "records")
    assert 0.8 < figures["persons_f1"][0] <= 1.0
    assert all(isinstance(value, int | float) and unit for value, unit in figures.values())


def test_incremental_bench_reports_its_figures():
    figures = incremental(existing=1500, new=50)
    assert figures["incremental_new"] == (50, "records")
    assert figures["incremental_joined"][0] > 0
