"""tahqiq: offline verification of claims in Arabic news."""

__version__ = "0.1.0"
