"""The one version string of peaceplan (pyproject.toml repeats it; a test keeps the two equal)."""

__version__ = "0.1.0"
