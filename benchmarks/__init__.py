"""peaceplan's benchmark suite: ``python benchmarks/run.py`` (see ``benchmarks/README.md``)."""

__all__: list[str] = []
