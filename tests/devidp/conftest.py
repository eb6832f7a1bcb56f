"""The fixture `idp` (the stand-in eGov) is in the root conftest.py: portal tests use it too."""
